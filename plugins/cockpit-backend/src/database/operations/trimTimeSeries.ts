import type { Knex } from 'knex';
import { deleteInBatches } from '../deleteInBatches';

/**
 * Keeps the newest `maxPoints` TIME_SERIES points of one type per resource and deletes the
 * rest, `batchSize` rows per statement; returns how many were deleted.
 */
export async function trimTimeSeries(options: {
  knex: Knex;
  type: string;
  maxPoints: number;
  batchSize: number;
}): Promise<number> {
  const { knex, type, maxPoints } = options;
  return deleteInBatches(options.batchSize, limit =>
    knex.raw(
      `DELETE FROM readings WHERE id IN (
         SELECT id FROM (
           SELECT r.id, row_number() OVER (PARTITION BY r.resource_id ORDER BY r.collected_at DESC, r.id DESC) AS rank
             FROM readings r
            WHERE r.type = ? AND r.storage_mode = 'TIME_SERIES'
              AND r.resource_id IN (
                SELECT resource_id FROM readings
                 WHERE type = ? AND storage_mode = 'TIME_SERIES'
                 GROUP BY resource_id HAVING count(*) > ?)
         ) ranked
          WHERE rank > ?
          LIMIT ?)`,
      [type, type, maxPoints, maxPoints, limit],
    ),
  );
}
