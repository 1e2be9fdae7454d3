import type { Knex } from 'knex';
import { deleteInBatches } from '../deleteInBatches';

/** Deletes the tombstones of resources deleted before `before`, `batchSize` rows per statement; returns how many. */
export async function deleteOldTombstones(options: {
  knex: Knex;
  before: Date;
  batchSize: number;
}): Promise<number> {
  const { knex, before } = options;
  return deleteInBatches(options.batchSize, limit =>
    knex.raw(
      `DELETE FROM resource_tombstones t
        WHERE (t.id, t.deleted_on) IN (
          SELECT id, deleted_on FROM resource_tombstones WHERE deleted_on < ? LIMIT ?)`,
      [before, limit],
    ),
  );
}
