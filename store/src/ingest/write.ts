import type { Knex } from 'knex';
import { checkParents, CycleRejection, ParentState } from './parents';
import type {
  DeferredWritePlan,
  PlannedReading,
  PlannedResource,
  PlannedRows,
  WritePlan,
} from './plan';
import { readingColumns } from './columns';
import { writePastReadings } from './pastReadings';
import { rejectionRow, RejectionRow } from './rejections';

export { REPARENT_LOCK_KEY } from './parents';

/** What the write did beyond the plan: the resource messages refused because of a cycle. */
export interface WriteResult {
  cycleRejections: CycleRejection[];
}

/** One data-modifying `WITH` part of the write statement. */
interface StatementPart {
  name: string;
  sql: string;
  bindings: unknown[];
}

/**
 * Writes one plan in the given transaction with two statements at most in the steady state:
 * one to check the parents when messages name parents (locking and reading the hierarchy
 * only when one of them changes a parent), then ONE statement that writes resources,
 * SNAPSHOT readings with the versions they start, TIME_SERIES points and rejections; and,
 * only when some SNAPSHOT reading was older than the stored one or than another of its key
 * in the call, the late path of the history (writePastReadings).
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
   * locks: after the per-resource way met another call's locks (`hierarchyBusy`).
   */
  exclusiveParents?: boolean;
}): Promise<WriteResult> {
  const { trx, plan } = options;
  const parentCheck = await sendParentCheck({
    trx,
    edges: plan.edges,
    exclusive: options.exclusiveParents ?? false,
  });
  const rows: PlannedRows = 'rows' in plan ? plan.rows() : plan;
  const snapshots = snapshotsPart(rows.snapshots, options.serializeValues);
  const points = pointsPart(rows.points, options.serializeValues);
  const { parents, cycleRejections } = await parentCheck.decision;

  const statement = writeStatement([
    resourcesPart(rows.resources, parents, options.lastSeenRefreshMs),
    ...snapshots,
    points,
    rejectionsPart([
      ...rows.rejections,
      ...cycleRejections.map(cycleRejectionRow),
    ]),
  ]);
  if (statement) {
    const result = await trx.raw(
      statement.sql,
      statement.bindings as Knex.RawBinding[],
    );
    await writePastReadings({
      trx,
      rows,
      written: result.rows[0].written_snapshots,
      serializeValues: options.serializeValues ?? false,
    });
  }
  return { cycleRejections };
}

/**
 * Starts the parent check and lets one turn of the event loop put it on the wire, so the
 * caller plans rows while the database runs it. (Wrapped in an object: an awaited promise
 * would be awaited through.)
 */
async function sendParentCheck(
  options: Parameters<typeof checkParents>[0],
): Promise<{ decision: ReturnType<typeof checkParents> }> {
  const decision = checkParents(options);
  if (options.edges.length > 0) {
    // Handled by the caller; marked handled now, as it may fail before the caller awaits it.
    decision.catch(() => undefined);
    await new Promise(resolve => setImmediate(resolve));
  }
  return { decision };
}

/**
 * Every write of the plan as one statement: one round trip, and the sub-statements see one
 * snapshot. Readings' foreign keys are checked at the end of the statement, so a reading may
 * name a resource the same statement creates. Data-modifying sub-statements always run to
 * completion, read or not. Its one row says how many SNAPSHOT rows were written.
 */
function writeStatement(
  parts: Array<StatementPart | undefined>,
): { sql: string; bindings: unknown[] } | undefined {
  const present = parts.filter((p): p is StatementPart => p !== undefined);
  if (present.length === 0) return undefined;
  const written = present.some(p => p.name === 'written_snapshots')
    ? '(SELECT count(*) FROM written_snapshots)::int'
    : '0';
  return {
    sql: `WITH ${present
      .map(p => `${p.name} AS (${p.sql})`)
      .join(',\n')} SELECT ${written} AS written_snapshots`,
    bindings: present.flatMap(p => p.bindings),
  };
}

/**
 * Resources, sorted by id, so concurrent calls lock shared rows in the same order.
 *
 * The steady state (a known resource, seen recently, parent unchanged) is filtered out before
 * the insert: ON CONFLICT DO UPDATE would lock (and so dirty) each existing row even when its
 * WHERE is false. The filter is a correlated scalar subquery so that it is one primary-key
 * probe per row of the call: as a NOT EXISTS anti join the planner hashes the whole table
 * once the call names a few dozen resources, and the call's cost would grow with the fleet
 * instead of with the call. The rest is rewritten only when its parent changes or its
 * last_seen_on is older than the threshold. A resource deleted by housekeeping between the
 * filter and the readings' foreign key check fails the statement; the transaction is then run
 * again (a `retry` error, see databaseErrors.ts) and creates it.
 */
function resourcesPart(
  resources: PlannedResource[],
  parents: Map<string, ParentState>,
  lastSeenRefreshMs: number,
): StatementPart | undefined {
  if (resources.length === 0) return undefined;
  const parentOf = resources.map(r => parents.get(r.id));
  const newer = `excluded.parent_set_at IS NOT NULL AND (r.parent_set_at IS NULL OR excluded.parent_set_at >= r.parent_set_at)`;
  return {
    name: 'written_resources',
    sql: `INSERT INTO resources AS r (id, type, name, parent_id, parent_set_at, created_on, last_seen_on)
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
    bindings: [
      resources.map(r => r.id),
      resources.map(r => r.type),
      resources.map(r => r.name),
      parentOf.map(p => p?.parentId ?? null),
      parentOf.map(p => p?.setAt?.toISOString() ?? null),
      lastSeenRefreshMs,
      lastSeenRefreshMs,
    ],
  };
}

/**
 * SNAPSHOT readings: newest wins; a redelivered identical reading rewrites nothing. The head
 * path of the history (contract section 7): `value_since` moves to `collected_at` exactly when
 * the value changes (`rd` is the latest committed row, locked by ON CONFLICT, so the decision
 * holds under concurrent calls), and the rows that started a version go from RETURNING to
 * `reading_versions` (a tie on its key takes the later value, as the current row does). A
 * republish of the current value (same value, newer time) comes back with an older
 * `value_since` and adds no version. Rows not written (not newer) do not come back: the
 * statement's answer counts those that did (see writePastReadings).
 */
function snapshotsPart(
  readings: PlannedReading[],
  serializeValues = false,
): StatementPart[] {
  if (readings.length === 0) return [];
  const upsert: StatementPart = {
    name: 'written_snapshots',
    sql: `INSERT INTO readings AS rd (type, resource_id, value, storage_mode, collected_at, collector, source, value_since, created_on)
       SELECT u.type, u.resource_id, u.value, 'SNAPSHOT', u.collected_at, u.collector, u.source, u.collected_at, now()
         FROM ROWS FROM (unnest(?::text[]), unnest(?::uuid[]), jsonb_array_elements(?::jsonb), unnest(?::timestamptz[]), unnest(?::text[]), unnest(?::text[]))
           AS u(type, resource_id, value, collected_at, collector, source)
       ON CONFLICT (resource_id, type) WHERE storage_mode = 'SNAPSHOT' DO UPDATE SET
         value = excluded.value,
         collected_at = excluded.collected_at,
         collector = excluded.collector,
         source = excluded.source,
         value_since = CASE WHEN excluded.value IS DISTINCT FROM rd.value
                            THEN excluded.collected_at ELSE rd.value_since END,
         created_on = excluded.created_on
       WHERE excluded.collected_at > rd.collected_at
          OR (excluded.collected_at = rd.collected_at AND excluded.value IS DISTINCT FROM rd.value)
       RETURNING rd.resource_id, rd.type, rd.value, rd.collected_at, rd.value_since, rd.collector, rd.source`,
    bindings: readingColumns(readings, serializeValues),
  };
  const versions: StatementPart = {
    name: 'written_versions',
    sql: `INSERT INTO reading_versions AS rv (resource_id, type, valid_from, value, collector, source)
       SELECT w.resource_id, w.type, w.collected_at, w.value, w.collector, w.source
         FROM written_snapshots w
        WHERE w.value_since = w.collected_at
       ON CONFLICT (resource_id, type, valid_from) DO UPDATE SET
         value = excluded.value, collector = excluded.collector, source = excluded.source`,
    bindings: [],
  };
  return [upsert, versions];
}

/** TIME_SERIES points: the first stored wins. */
function pointsPart(
  readings: PlannedReading[],
  serializeValues = false,
): StatementPart | undefined {
  if (readings.length === 0) return undefined;
  return {
    name: 'written_points',
    sql: `INSERT INTO readings (type, resource_id, value, storage_mode, collected_at, collector, source, created_on)
       SELECT u.type, u.resource_id, u.value, 'TIME_SERIES', u.collected_at, u.collector, u.source, now()
         FROM ROWS FROM (unnest(?::text[]), unnest(?::uuid[]), jsonb_array_elements(?::jsonb), unnest(?::timestamptz[]), unnest(?::text[]), unnest(?::text[]))
           AS u(type, resource_id, value, collected_at, collector, source)
       ON CONFLICT (resource_id, type, collected_at) WHERE storage_mode = 'TIME_SERIES' DO NOTHING`,
    bindings: readingColumns(readings, serializeValues),
  };
}

/** Rejections: a redelivered refusal (same dedupe key) lands once. */
function rejectionsPart(rejections: RejectionRow[]): StatementPart | undefined {
  if (rejections.length === 0) return undefined;
  return {
    name: 'written_rejections',
    sql: `INSERT INTO rejections (source, collector, reason, payload, message_index, dedupe_key, received_at)
       SELECT u.source, u.collector, u.reason, u.payload, u.message_index, u.dedupe_key, now()
         FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[])
           AS u(source, collector, reason, payload, message_index, dedupe_key)
       ON CONFLICT (dedupe_key) DO NOTHING`,
    bindings: [
      rejections.map(r => r.source),
      rejections.map(r => r.collector),
      rejections.map(r => r.reason),
      rejections.map(r => r.payload),
      rejections.map(r => r.message_index),
      rejections.map(r => r.dedupe_key),
    ],
  };
}

/** The rejection of a resource message whose parent would close a cycle, as it was received. */
function cycleRejectionRow({ edge, reason }: CycleRejection): RejectionRow {
  return rejectionRow({
    source: edge.message.source,
    collector: edge.message.collector,
    reason,
    payload: edge.message.text,
    messageIndex: edge.message.index,
  });
}
