import type { Knex } from 'knex';
import type { ReadingsAnswer } from '@cockpit/plugin-cockpit-node';
import { decodeReadingRows, DbStoredReadingRow } from '../decode';
import { WITH_ITEMS } from '../rows';

/**
 * The SNAPSHOT readings of these types, of the given resources or of a resource and all its
 * descendants (both through `readings_snapshot_key`), or of every resource of one type
 * (through `readings_snapshot_type_idx`), decoded: one query. `withItems` keeps only values with
 * a non-empty `items` array (through `readings_with_items_idx` for a resource type).
 */
export async function readCurrent<T extends string>(
  options: { knex: Knex; types: readonly T[]; withItems?: boolean } & (
    | { resourceIds: readonly string[] }
    | { resourceType: string }
    | { subtreeOf: string }
  ),
): Promise<ReadingsAnswer<T>> {
  const { knex, types } = options;
  if (types.length === 0) return { readings: [], invalid: [] };
  const columns = `r.id, r.type, r.resource_id, r.value, r.storage_mode, r.collected_at`;
  const typeList = [...new Set(types)];
  const items = options.withItems ? `AND ${WITH_ITEMS('r')}` : '';
  if ('resourceIds' in options) {
    if (options.resourceIds.length === 0) return { readings: [], invalid: [] };
    // One probe of the unique SNAPSHOT key per (resource, type) pair: with `= ANY` on both
    // columns the planner may instead walk every reading of the resources (time series included).
    const { rows } = await knex.raw(
      `SELECT ${columns}
         FROM unnest(?::uuid[]) AS k(resource_id)
         CROSS JOIN unnest(?::text[]) AS t(type)
         JOIN readings r ON r.resource_id = k.resource_id AND r.type = t.type AND r.storage_mode = 'SNAPSHOT' ${items}`,
      [[...new Set(options.resourceIds)], typeList],
    );
    return decodeReadingRows<T>(rows as DbStoredReadingRow[]);
  }
  if ('subtreeOf' in options) {
    const { rows } = await knex.raw(
      `WITH RECURSIVE tree AS (
         SELECT id FROM resources WHERE id = ?
         UNION
         SELECT c.id FROM resources c JOIN tree ON c.parent_id = tree.id
       )
       SELECT ${columns}
         FROM tree CROSS JOIN unnest(?::text[]) AS t(type)
         JOIN readings r ON r.resource_id = tree.id AND r.type = t.type AND r.storage_mode = 'SNAPSHOT' ${items}`,
      [options.subtreeOf, typeList],
    );
    return decodeReadingRows<T>(rows as DbStoredReadingRow[]);
  }
  const { rows } = await knex.raw(
    `SELECT ${columns}
       FROM readings r JOIN resources x ON x.id = r.resource_id
      WHERE r.storage_mode = 'SNAPSHOT' AND r.type = ANY(?::text[]) AND x.type = ? ${items}`,
    [typeList, options.resourceType],
  );
  return decodeReadingRows<T>(rows as DbStoredReadingRow[]);
}
