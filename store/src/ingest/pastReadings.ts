import type { Knex } from 'knex';
import { readingColumns } from './columns';
import type { PlannedReading, PlannedRows } from './plan';

/**
 * The late path of the history (contract section 7.1), run in the write's transaction after
 * its main statement and only when needed: when the upsert wrote fewer SNAPSHOT rows than it
 * was sent (some reading was not newer than the stored row), or when the call held older
 * SNAPSHOTs of a key besides the newest. Each such reading takes its place in the past
 * through `cockpit_record_past_readings` (see its migration). The upsert locked every row it
 * met, written or not, so the rows this reads are as committed last and stay so.
 *
 * Which readings were not written is asked for with their keys and times only (a late
 * reading is one older than the row now stored); the values travel once, for those alone.
 */
export async function writePastReadings(options: {
  trx: Knex.Transaction;
  rows: PlannedRows;
  /** How many SNAPSHOT rows the main statement wrote. */
  written: number;
  serializeValues: boolean;
}): Promise<void> {
  const { trx, rows } = options;
  const late =
    options.written < rows.snapshots.length
      ? await findLateReadings(trx, rows.snapshots)
      : [];
  const past = [...late, ...rows.pastSnapshots];
  if (past.length === 0) return;
  await trx.raw(
    `SELECT cockpit_record_past_readings(?::uuid[], ?::text[], ?::jsonb, ?::timestamptz[], ?::text[], ?::text[])`,
    functionArguments(past, options.serializeValues),
  );
}

/** The readings older than the row stored for their key (the upsert left those alone). */
async function findLateReadings(
  trx: Knex.Transaction,
  snapshots: PlannedReading[],
): Promise<PlannedReading[]> {
  const { rows } = await trx.raw(
    `SELECT u.i FROM unnest(?::uuid[], ?::text[], ?::timestamptz[]) WITH ORDINALITY AS u(resource_id, type, collected_at, i)
       JOIN readings rd ON rd.resource_id = u.resource_id AND rd.type = u.type AND rd.storage_mode = 'SNAPSHOT'
      WHERE rd.collected_at > u.collected_at`,
    [
      snapshots.map(r => r.resourceId),
      snapshots.map(r => r.type),
      snapshots.map(r => r.collectedAt.toISOString()),
    ] as Knex.RawBinding[],
  );
  return (rows as Array<{ i: string | number }>).map(
    row => snapshots[Number(row.i) - 1],
  );
}

/** The function's arguments: ids, types, values, times, collectors, sources. */
function functionArguments(
  readings: PlannedReading[],
  serializeValues: boolean,
): Knex.RawBinding[] {
  const [types, ids, values, times, collectors, sources] = readingColumns(
    readings,
    serializeValues,
  );
  return [ids, types, values, times, collectors, sources] as Knex.RawBinding[];
}
