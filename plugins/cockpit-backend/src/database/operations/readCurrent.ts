import type { Knex } from 'knex';
import type { ReadingsAnswer } from '@cockpit/plugin-cockpit-node';
import { decodeReadingRows, DbStoredReadingRow } from '../decode';

/**
 * The SNAPSHOT readings of these types, of the given resources (through `readings_snapshot_key`)
 * or of every resource of one type (through `readings_snapshot_type_idx`), decoded: one query.
 */
export async function readCurrent<T extends string>(
  options: { knex: Knex; types: readonly T[] } & (
    | { resourceIds: readonly string[] }
    | { resourceType: string }
  ),
): Promise<ReadingsAnswer<T>> {
  const { knex, types } = options;
  if (types.length === 0) return { readings: [], invalid: [] };
  const query = knex('readings as r')
    .select(
      'r.id',
      'r.type',
      'r.resource_id',
      'r.value',
      'r.storage_mode',
      'r.collected_at',
    )
    .where('r.storage_mode', 'SNAPSHOT')
    .whereRaw('r.type = ANY(?::text[])', [[...new Set(types)]]);
  if ('resourceIds' in options) {
    if (options.resourceIds.length === 0) return { readings: [], invalid: [] };
    query.whereRaw('r.resource_id = ANY(?::uuid[])', [
      [...new Set(options.resourceIds)],
    ]);
  } else {
    query
      .join('resources as x', 'x.id', 'r.resource_id')
      .where('x.type', options.resourceType);
  }
  return decodeReadingRows<T>((await query) as DbStoredReadingRow[]);
}
