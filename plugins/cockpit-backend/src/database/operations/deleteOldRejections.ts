import type { Knex } from 'knex';
import { deleteInBatches } from '../deleteInBatches';

/** Deletes rejections received before `before`, `batchSize` rows per statement; returns how many. */
export async function deleteOldRejections(options: {
  knex: Knex;
  before: Date;
  batchSize: number;
}): Promise<number> {
  const { knex, before } = options;
  return deleteInBatches(options.batchSize, limit =>
    knex.raw(
      `DELETE FROM rejections WHERE id IN (SELECT id FROM rejections WHERE received_at < ? LIMIT ?)`,
      [before, limit],
    ),
  );
}
