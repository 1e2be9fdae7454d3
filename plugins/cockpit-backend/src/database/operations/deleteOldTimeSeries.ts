import type { Knex } from 'knex';
import { deleteInBatches } from '../deleteInBatches';

/**
 * Deletes TIME_SERIES points of one type collected before `before`, `batchSize` rows per
 * statement (through `readings_time_series_type_collected_idx`); returns how many.
 */
export async function deleteOldTimeSeries(options: {
  knex: Knex;
  type: string;
  before: Date;
  batchSize: number;
}): Promise<number> {
  const { knex, type, before } = options;
  return deleteInBatches(options.batchSize, limit =>
    knex.raw(
      `DELETE FROM readings WHERE id IN (
         SELECT id FROM readings
          WHERE type = ? AND storage_mode = 'TIME_SERIES' AND collected_at < ?
          LIMIT ?)`,
      [type, before, limit],
    ),
  );
}
