import type { TimeSeriesCount } from '@cockpit/plugin-cockpit-node';
import { readRaw, ReadConnection } from '../prepared';

/** Counts the points of one TIME_SERIES type of these resources in [from, to) (and collected by
 * `asOf`) by a top-level text field: one query. */
export async function countTimeSeries(
  options: ReadConnection & {
    resourceIds: readonly string[];
    type: string;
    from: Date;
    to: Date;
    byField: string;
    asOf?: Date;
  },
): Promise<TimeSeriesCount[]> {
  if (options.resourceIds.length === 0) return [];
  const { rows } = await readRaw(
    options,
    `SELECT value->>? AS key, count(*)::int AS count
       FROM readings
      WHERE resource_id = ANY(?::uuid[]) AND type = ? AND storage_mode = 'TIME_SERIES'
        AND collected_at >= ? AND collected_at < ? AND collected_at <= ?::timestamptz
      GROUP BY 1`,
    [
      options.byField,
      [...new Set(options.resourceIds)],
      options.type,
      options.from,
      options.to,
      options.asOf ?? 'infinity',
    ],
  );
  return rows as TimeSeriesCount[];
}
