import type { ParsedBatch, ParsedMessage } from './parse';
import type { RejectionRow } from './rejections';

/** A resource the call names (as resource, parent or reading target). */
export interface PlannedResource {
  id: string;
  type: string;
  name: string;
}

/** A resource message's request to set (or clear) its resource's parent. */
export interface ParentEdge {
  childId: string;
  parentId: string | null;
  /** The notification time of its batch: re-parenting follows the newest. */
  setAt: Date;
  message: ParsedMessage;
}

/** One row for `readings` after in-memory dedupe. */
export interface PlannedReading {
  resourceId: string;
  type: string;
  /** The value as JSON: as received when possible, else serialized. */
  valueJson: string;
  /** The value as parsed, serialized when PostgreSQL refuses the text received. */
  value: unknown;
  collectedAt: Date;
  /** Provenance: the batch's collector. */
  collector: string;
  /** Provenance: the delivery it came in (`sqs:<id>`, `sns:<id>`, `http`, `local`). */
  source: string;
}

/** The rows one call writes, deduped in memory so each row is touched once per statement. */
export interface PlannedRows {
  resources: PlannedResource[];
  snapshots: PlannedReading[];
  /**
   * SNAPSHOT readings older than the newest of their key in this call: not the current
   * value, but past states that take their place in the history (contract 7.1).
   */
  pastSnapshots: PlannedReading[];
  points: PlannedReading[];
  rejections: RejectionRow[];
  /** Some value is sent as the text it was received as (not serialized here). */
  hasReceivedText: boolean;
}

/** Everything one call writes: its parent edges and its rows. */
export interface WritePlan extends PlannedRows {
  /** In message order, oldest notification first (stable within one notification time). */
  edges: ParentEdge[];
}

/**
 * A plan whose rows are planned only when the write needs them: after the parent check has
 * been sent, so that the database checks parents while this process plans the rows.
 */
export interface DeferredWritePlan {
  readonly edges: ParentEdge[];
  rows(): PlannedRows;
}

/**
 * Folds the valid messages of every batch of one call into set-based writes: each resource
 * once, each SNAPSHOT once (the newest `collectedAt`, the later message on a tie; the older
 * ones of its key kept apart, once per `collectedAt`, for the history), each
 * TIME_SERIES point once (the first, as `ON CONFLICT DO NOTHING` keeps the first stored).
 * Rows are sorted by key so that concurrent calls lock shared rows in the same order.
 */
export function planWrites(batches: ParsedBatch[]): WritePlan {
  return { ...planRows(batches), edges: planEdges(batches) };
}

/** The parent edges of one call's resource messages, oldest notification first. */
export function planEdges(batches: ParsedBatch[]): ParentEdge[] {
  const edges: ParentEdge[] = [];
  for (const batch of batches) {
    for (const parsed of batch.messages) {
      const message = parsed.message;
      if (message.kind === 'resource' && message.parent !== undefined) {
        edges.push({
          childId: message.id,
          parentId: message.parent?.id ?? null,
          setAt: batch.receivedAt,
          message: parsed,
        });
      }
    }
  }
  // Array.prototype.sort is stable: edges of one notification time keep message order.
  return edges.sort((a, b) => a.setAt.getTime() - b.setAt.getTime());
}

/** The rows of {@link planWrites}, without the parent edges. */
export function planRows(batches: ParsedBatch[]): PlannedRows {
  const resources = new Map<string, PlannedResource>();
  const snapshots = new Map<string, PlannedReading>();
  /** The older SNAPSHOTs of a key, by key and collectedAt (the later message on a tie). */
  const past = new Map<string, PlannedReading>();
  const points = new Map<string, PlannedReading>();
  const rejections: RejectionRow[] = [];
  let hasReceivedText = false;

  for (const batch of batches) {
    rejections.push(...batch.rejections);
    for (const parsed of batch.messages) {
      const message = parsed.message;
      if (message.kind === 'resource') {
        resources.set(message.id, {
          id: message.id,
          type: message.type,
          name: message.name,
        });
        if (message.parent) {
          resources.set(message.parent.id, message.parent);
        }
        continue;
      }
      resources.set(message.resource.id, message.resource);
      if (message.valueIsReceivedText) hasReceivedText = true;
      const reading: PlannedReading = {
        resourceId: message.resource.id,
        type: message.type,
        valueJson: message.valueJson,
        value: message.value,
        collectedAt: message.collectedAt,
        collector: parsed.collector,
        source: parsed.source,
      };
      if (message.storageMode === 'SNAPSHOT') {
        const key = `${reading.resourceId}\n${reading.type}`;
        const current = snapshots.get(key);
        const time = reading.collectedAt.getTime();
        if (!current) {
          snapshots.set(key, reading);
        } else if (time >= current.collectedAt.getTime()) {
          const currentTime = current.collectedAt.getTime();
          if (time > currentTime) past.set(`${key}\n${currentTime}`, current);
          snapshots.set(key, reading);
        } else {
          past.set(`${key}\n${time}`, reading);
        }
      } else {
        const key = `${reading.resourceId}\n${
          reading.type
        }\n${reading.collectedAt.getTime()}`;
        if (!points.has(key)) points.set(key, reading);
      }
    }
  }

  const byKey = compareStrings;
  const readingOrder = (a: PlannedReading, b: PlannedReading) =>
    byKey(a.resourceId, b.resourceId) ||
    byKey(a.type, b.type) ||
    a.collectedAt.getTime() - b.collectedAt.getTime();
  return {
    resources: [...resources.values()].sort((a, b) => byKey(a.id, b.id)),
    snapshots: [...snapshots.values()].sort(readingOrder),
    pastSnapshots: [...past.values()].sort(readingOrder),
    points: [...points.values()].sort(readingOrder),
    rejections: dedupeRejections(rejections),
    hasReceivedText,
  };
}

function dedupeRejections(rows: RejectionRow[]): RejectionRow[] {
  const byKey = new Map<string, RejectionRow>();
  for (const row of rows) {
    if (!byKey.has(row.dedupe_key)) byKey.set(row.dedupe_key, row);
  }
  return [...byKey.values()].sort((a, b) =>
    compareStrings(a.dedupe_key, b.dedupe_key),
  );
}

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
