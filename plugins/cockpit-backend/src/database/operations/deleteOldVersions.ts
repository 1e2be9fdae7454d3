import type { Knex } from 'knex';
import { deleteInBatches } from '../deleteInBatches';

/**
 * Deletes the versions of one reading type that ended before `before` (a later version of
 * their key began at or before it), `batchSize` rows per statement; returns how many. The
 * version in force at `before` and every later one stay, so as-of reads from `before` on
 * answer as before, and the version in force now (the last of its key) is never deleted. What
 * is left of a key is its newest versions: consecutive versions still never hold equal values.
 */
export async function deleteOldVersions(options: {
  knex: Knex;
  type: string;
  before: Date;
  batchSize: number;
}): Promise<number> {
  const { knex, type, before } = options;
  return deleteInBatches(options.batchSize, limit =>
    knex.raw(
      `DELETE FROM reading_versions rv
        WHERE (rv.resource_id, rv.type, rv.valid_from) IN (
          SELECT v.resource_id, v.type, v.valid_from FROM reading_versions v
           WHERE v.type = ? AND v.valid_from < ?
             AND EXISTS (
               SELECT 1 FROM reading_versions n
                WHERE n.resource_id = v.resource_id AND n.type = v.type
                  AND n.valid_from > v.valid_from AND n.valid_from <= ?)
           LIMIT ?)`,
      [type, before, before, limit],
    ),
  );
}
