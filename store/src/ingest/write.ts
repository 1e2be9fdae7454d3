import type { Knex } from 'knex';
import { rejectionRow, RejectionRow } from './parse';
import type {
  DeferredWritePlan,
  ParentEdge,
  PlannedRows,
  WritePlan,
} from './plan';

/**
 * Key of the transaction-scoped advisory locks taken by a call that changes parents, so that
 * two concurrent calls cannot each add one half of a cycle: per resource (this key first),
 * exclusive on the children and shared along the new parents' ancestor chains, so calls on
 * different parts of the hierarchy run side by side; and this key alone, shared, or exclusive
 * for a call with hundreds of children (see the migration of `cockpit_parent_state`, v3).
 * Calls that change no parent (the steady state: collectors republish the same hierarchy)
 * take none.
 */
export const REPARENT_LOCK_KEY = 0x636f636b; // "cock"

interface DbParentRow {
  id: string;
  parent_id: string | null;
  parent_set_at: Date | null;
}

/** The row of `cockpit_parent_state` that reports the lock was taken. */
interface LockRow {
  id: null;
}

/** The parent a resource will have after this call, and since when. */
interface ParentState {
  parentId: string | null;
  setAt: Date | null;
}

/** What the write did beyond the plan: the resource messages refused because of a cycle. */
export interface WriteResult {
  cycleRejections: Array<{ edge: ParentEdge; reason: string }>;
}

/**
 * Writes one plan in the given transaction with at most two statements: one to check the
 * parents when messages name parents (locking and reading the hierarchy only when one of
 * them changes a parent), then ONE statement that writes resources, SNAPSHOT readings,
 * TIME_SERIES points and rejections.
 *
 * The parent check is sent first, and the rows are planned (a deferred plan) and their
 * columns built while the database runs it.
 */
export async function writePlan(options: {
  trx: Knex.Transaction;
  plan: WritePlan | DeferredWritePlan;
  /** A resource's `last_seen_on` is rewritten only when older than this (ms). */
  lastSeenRefreshMs: number;
  /** Serialize every value here instead of sending the text it was received as. */
  serializeValues?: boolean;
  /**
   * Check parents holding the one hierarchy lock exclusively (alone) instead of per-resource
   * locks: after the per-resource way met another call's locks (SQLSTATE 55P03).
   */
  exclusiveParents?: boolean;
}): Promise<WriteResult> {
  const { trx, plan } = options;
  const parentCheck = resolveParents(
    trx,
    plan.edges,
    options.exclusiveParents ?? false,
  );
  if (plan.edges.length > 0) {
    // Handled below; marked handled now, as it may fail while this turn has not awaited it.
    parentCheck.catch(() => undefined);
    // One turn of the event loop puts the check on the wire before the work below.
    await new Promise(resolve => setImmediate(resolve));
  }
  const rows: PlannedRows = 'rows' in plan ? plan.rows() : plan;
  const snapshotColumns =
    rows.snapshots.length > 0
      ? readingColumns(rows.snapshots, options.serializeValues)
      : [];
  const pointColumns =
    rows.points.length > 0
      ? readingColumns(rows.points, options.serializeValues)
      : [];
  const { parents, cycleRejections } = await parentCheck;

  const rejections: RejectionRow[] = [...rows.rejections];
  for (const { edge, reason } of cycleRejections) {
    rejections.push(
      rejectionRow({
        source: edge.message.source,
        collector: edge.message.collector,
        reason,
        payload: JSON.stringify(edge.message.raw),
        messageIndex: edge.message.index,
      }),
    );
  }

  // Every write of the plan is one statement: one round trip, and the sub-statements see
  // one snapshot. Readings' foreign keys are checked at the end of the statement, so a
  // reading may name a resource the same statement creates.
  const parts: string[] = [];
  const bindings: unknown[] = [];
  const add = (name: string, sql: string, values: unknown[]) => {
    parts.push(`${name} AS (${sql})`);
    bindings.push(...values);
  };

  if (rows.resources.length > 0) {
    const ids: string[] = [];
    const types: string[] = [];
    const names: string[] = [];
    const parentIds: Array<string | null> = [];
    const parentSetAts: Array<string | null> = [];
    for (const resource of rows.resources) {
      const parent = parents.get(resource.id);
      ids.push(resource.id);
      types.push(resource.type);
      names.push(resource.name);
      parentIds.push(parent?.parentId ?? null);
      parentSetAts.push(parent?.setAt?.toISOString() ?? null);
    }
    // Rows come sorted by id, so concurrent calls lock shared resources in the same order.
    // The steady state (a known resource, seen recently, parent unchanged) is filtered out
    // before the insert: ON CONFLICT DO UPDATE would lock (and so dirty) each existing row
    // even when its WHERE is false. The filter is a correlated scalar subquery so that it is
    // one primary-key probe per row of the call: as a NOT EXISTS anti join the planner hashes
    // the whole table once the call names a few dozen resources, and the call's cost would
    // grow with the fleet instead of with the call. The rest is rewritten only when its parent changes or its
    // last_seen_on is older than the threshold. A resource deleted by housekeeping between
    // the filter and the readings' foreign key check fails the statement; the transaction is
    // then run again (see RETRYABLE_SQLSTATES) and creates it.
    const newer = `excluded.parent_set_at IS NOT NULL AND (r.parent_set_at IS NULL OR excluded.parent_set_at >= r.parent_set_at)`;
    add(
      'written_resources',
      `INSERT INTO resources AS r (id, type, name, parent_id, parent_set_at, created_on, last_seen_on)
       SELECT u.id, u.type, u.name, u.parent_id, u.parent_set_at, now(), now()
         FROM unnest(?::uuid[], ?::text[], ?::text[], ?::uuid[], ?::timestamptz[])
           AS u(id, type, name, parent_id, parent_set_at)
        WHERE NOT coalesce((
          SELECT e.last_seen_on >= now() - ? * interval '1 millisecond'
                 AND (u.parent_set_at IS NULL OR e.parent_id IS NOT DISTINCT FROM u.parent_id)
            FROM resources e
           WHERE e.id = u.id), false)
       ON CONFLICT (id) DO UPDATE SET
         parent_id = CASE WHEN ${newer} THEN excluded.parent_id ELSE r.parent_id END,
         parent_set_at = CASE WHEN ${newer} THEN excluded.parent_set_at ELSE r.parent_set_at END,
         last_seen_on = GREATEST(r.last_seen_on, excluded.last_seen_on)
       WHERE (${newer} AND r.parent_id IS DISTINCT FROM excluded.parent_id)
          OR r.last_seen_on < excluded.last_seen_on - ? * interval '1 millisecond'`,
      [
        ids,
        types,
        names,
        parentIds,
        parentSetAts,
        options.lastSeenRefreshMs,
        options.lastSeenRefreshMs,
      ],
    );
  }

  if (snapshotColumns.length > 0) {
    // Newest wins; a redelivered identical reading rewrites nothing.
    add(
      'written_snapshots',
      `INSERT INTO readings AS rd (type, resource_id, value, storage_mode, collected_at, created_on)
       SELECT u.type, u.resource_id, u.value, 'SNAPSHOT', u.collected_at, now()
         FROM ROWS FROM (unnest(?::text[]), unnest(?::uuid[]), jsonb_array_elements(?::jsonb), unnest(?::timestamptz[]))
           AS u(type, resource_id, value, collected_at)
       ON CONFLICT (resource_id, type) WHERE storage_mode = 'SNAPSHOT' DO UPDATE SET
         value = excluded.value,
         collected_at = excluded.collected_at,
         created_on = excluded.created_on
       WHERE excluded.collected_at > rd.collected_at
          OR (excluded.collected_at = rd.collected_at AND excluded.value IS DISTINCT FROM rd.value)`,
      snapshotColumns,
    );
  }

  if (pointColumns.length > 0) {
    add(
      'written_points',
      `INSERT INTO readings (type, resource_id, value, storage_mode, collected_at, created_on)
       SELECT u.type, u.resource_id, u.value, 'TIME_SERIES', u.collected_at, now()
         FROM ROWS FROM (unnest(?::text[]), unnest(?::uuid[]), jsonb_array_elements(?::jsonb), unnest(?::timestamptz[]))
           AS u(type, resource_id, value, collected_at)
       ON CONFLICT (resource_id, type, collected_at) WHERE storage_mode = 'TIME_SERIES' DO NOTHING`,
      pointColumns,
    );
  }

  if (rejections.length > 0) {
    add(
      'written_rejections',
      `INSERT INTO rejections (source, collector, reason, payload, message_index, dedupe_key, received_at)
       SELECT u.source, u.collector, u.reason, u.payload, u.message_index, u.dedupe_key, now()
         FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[])
           AS u(source, collector, reason, payload, message_index, dedupe_key)
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [
        rejections.map(r => r.source),
        rejections.map(r => r.collector),
        rejections.map(r => r.reason),
        rejections.map(r => r.payload),
        rejections.map(r => r.message_index),
        rejections.map(r => r.dedupe_key),
      ],
    );
  }

  if (parts.length > 0) {
    // Data-modifying sub-statements always run to completion, read or not.
    await run(trx, `WITH ${parts.join(',\n')} SELECT 1`, bindings);
  }

  return { cycleRejections };
}

/**
 * The columns of a readings insert. The values travel as ONE JSON array that PostgreSQL
 * parses once and splits with `jsonb_array_elements`: half the time of a text[] of JSON
 * documents, which node-postgres must escape element by element and PostgreSQL must parse
 * twice (array literal, then each jsonb). Values are mostly the very text the collector sent
 * (see findValueSpans); `serializeValues` serializes each parsed value instead.
 */
function readingColumns(
  readings: PlannedRows['snapshots'],
  serializeValues = false,
): unknown[] {
  return [
    readings.map(r => r.type),
    readings.map(r => r.resourceId),
    jsonbArrayParameter(
      readings.map(r =>
        serializeValues ? JSON.stringify(r.value) : r.valueJson,
      ),
    ),
    readings.map(r => r.collectedAt.toISOString()),
  ];
}

/** jsonb's binary format: its version number, then the JSON text (PostgreSQL's jsonb_recv). */
const JSONB_BINARY_VERSION = 1;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * A JSON array of the given JSON texts as a jsonb parameter in binary format, which
 * node-postgres sends as it is for a Buffer: each text is encoded into the message once,
 * where a string parameter is joined, measured and encoded again by node-postgres. PostgreSQL
 * parses it exactly like the text form (jsonb_recv reads a version byte, then JSON text).
 */
export function jsonbArrayParameter(texts: string[]): Buffer {
  // Sized exactly: a buffer this large is memory outside the JavaScript heap, and the more
  // of it a call allocates, the sooner the garbage collector runs a full collection.
  // The version byte, the brackets and the commas between texts.
  let bytes = 3 + Math.max(texts.length - 1, 0);
  for (const text of texts) bytes += Buffer.byteLength(text);
  const buffer = Buffer.allocUnsafe(bytes);
  let at = 0;
  buffer[at++] = JSONB_BINARY_VERSION;
  buffer[at++] = OPEN_BRACKET;
  for (let i = 0; i < texts.length; i++) {
    if (i > 0) buffer[at++] = COMMA;
    at += buffer.write(texts[i], at);
  }
  buffer[at++] = CLOSE_BRACKET;
  return buffer;
}

/**
 * Decides the parent of every resource whose message names one, applying the edges one by
 * one in notification order on top of the stored hierarchy: an edge older than the stored
 * parent is a no-op, and an edge that would make a resource its own ancestor is refused.
 *
 * Only edges checked under the advisory locks may change a stored parent; when no edge
 * changes anything, no lock is taken and the resources statement leaves parents alone.
 */
async function resolveParents(
  trx: Knex.Transaction,
  edges: ParentEdge[],
  exclusive: boolean,
): Promise<{
  parents: Map<string, ParentState>;
  cycleRejections: WriteResult['cycleRejections'];
}> {
  const parents = new Map<string, ParentState>();
  const cycleRejections: WriteResult['cycleRejections'] = [];
  if (edges.length === 0) return { parents, cycleRejections };

  // One round trip (see the migration of cockpit_parent_state): nothing when no edge changes
  // a stored parent; otherwise the locks are taken and the children and the new parents'
  // ancestor chains come back as committed after them (behind a row without id that reports
  // the locks).
  const result = await run(
    trx,
    `SELECT id, parent_id, parent_set_at FROM cockpit_parent_state(?::uuid[], ?::uuid[], ?::timestamptz[], ?::bigint, ?::boolean)`,
    [
      edges.map(e => e.childId),
      edges.map(e => e.parentId),
      edges.map(e => e.setAt.toISOString()),
      REPARENT_LOCK_KEY,
      exclusive,
    ],
  );
  const rows: Array<DbParentRow | LockRow> = result.rows;
  if (rows.length === 0) return { parents, cycleRejections };
  const hierarchy = rows.filter((row): row is DbParentRow => row.id !== null);

  const current = new Map<string, ParentState>();
  for (const row of hierarchy) {
    current.set(row.id, { parentId: row.parent_id, setAt: row.parent_set_at });
  }
  for (const edge of edges) {
    const state = current.get(edge.childId);
    if (state && !isNewer(edge.setAt, state.setAt)) continue;
    if (
      edge.parentId &&
      isAncestorOrSelf(current, edge.childId, edge.parentId)
    ) {
      cycleRejections.push({
        edge,
        reason: `messages.${edge.message.index}.parent: would make ${describe(
          edge,
        )} its own ancestor`,
      });
      continue;
    }
    const next = { parentId: edge.parentId, setAt: edge.setAt };
    current.set(edge.childId, next);
    parents.set(edge.childId, next);
  }
  return { parents, cycleRejections };
}

function describe(edge: ParentEdge): string {
  const message = edge.message.message;
  return message.kind === 'resource'
    ? `${message.type} ${message.name}`
    : edge.childId;
}

/** Whether `candidate` is `id` or one of its ancestors under `graph`'s parents. */
function isAncestorOrSelf(
  graph: Map<string, ParentState>,
  id: string,
  start: string,
): boolean {
  const visited = new Set<string>();
  let node: string | null | undefined = start;
  while (node && !visited.has(node)) {
    if (node === id) return true;
    visited.add(node);
    node = graph.get(node)?.parentId;
  }
  return false;
}

function isNewer(setAt: Date, stored: Date | null): boolean {
  return stored === null || setAt.getTime() >= stored.getTime();
}

/** Runs one statement; node-postgres sends JS arrays as PostgreSQL arrays. */
function run(trx: Knex.Transaction, sql: string, bindings: unknown[]) {
  return trx.raw(sql, bindings as readonly Knex.RawBinding[]);
}
