import type { ReadingsAnswer } from '@cockpit/plugin-cockpit-node';
import { decodeReadingRows, DbStoredReadingRow } from '../decode';
import { readRaw, ReadConnection } from '../prepared';

/**
 * Points of one TIME_SERIES type of these resources in [from, to) (and collected by `asOf`),
 * newest first (ties by id),
 * at most `limit`, decoded: one query through `readings_time_series_key`.
 */
export async function readTimeSeries<T extends string>(
  options: ReadConnection & {
    resourceIds: readonly string[];
    type: T;
    from: Date;
    to: Date;
    limit: number;
    asOf?: Date;
  },
): Promise<ReadingsAnswer<T>> {
  if (options.resourceIds.length === 0) return { readings: [], invalid: [] };
  // The ids as a literal array: the planner sees a few resources, not a guess that makes the
  // query look expensive enough to JIT-compile.
  const { rows } = await readRaw(
    options,
    `SELECT id, type, resource_id, value, storage_mode, collected_at
       FROM readings
      WHERE resource_id = ANY(?::uuid[]) AND type = ? AND storage_mode = 'TIME_SERIES'
        AND collected_at >= ? AND collected_at < ? AND collected_at <= ?::timestamptz
      ORDER BY collected_at DESC, id DESC
      LIMIT ?`,
    [
      [...new Set(options.resourceIds)],
      options.type,
      options.from,
      options.to,
      options.asOf ?? 'infinity',
      options.limit,
    ],
  );
  return decodeReadingRows<T>(rows as DbStoredReadingRow[]);
}
