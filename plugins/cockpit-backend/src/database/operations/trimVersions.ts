import type { Knex } from 'knex';
import { deleteInBatches } from '../deleteInBatches';

/**
 * Keeps the newest `maxVersions` (at least 1: the version in force is never deleted) versions
 * of one reading type per resource and deletes the older ones, `batchSize` rows per
 * statement; returns how many were deleted.
 */
export async function trimVersions(options: {
  knex: Knex;
  type: string;
  maxVersions: number;
  batchSize: number;
}): Promise<number> {
  const { knex, type } = options;
  if (!Number.isInteger(options.maxVersions) || options.maxVersions < 1) {
    throw new TypeError(
      `maxVersions of ${type} must be a whole number of at least 1 (the version in force is kept), got ${options.maxVersions}`,
    );
  }
  return deleteInBatches(options.batchSize, limit =>
    knex.raw(
      `DELETE FROM reading_versions rv
        WHERE (rv.resource_id, rv.type, rv.valid_from) IN (
          SELECT resource_id, type, valid_from FROM (
            SELECT v.resource_id, v.type, v.valid_from,
                   row_number() OVER (PARTITION BY v.resource_id ORDER BY v.valid_from DESC) AS rank
              FROM reading_versions v
             WHERE v.type = ?
               AND v.resource_id IN (
                 SELECT resource_id FROM reading_versions
                  WHERE type = ? GROUP BY resource_id HAVING count(*) > ?)
          ) ranked
           WHERE rank > ?
           LIMIT ?)`,
      [type, type, options.maxVersions, options.maxVersions, limit],
    ),
  );
}
