import type { Knex } from 'knex';
import type { ReadingsAnswer } from '@cockpit/plugin-cockpit-node';
import { existedAt, existedAtBindings, VERSION_AT } from '../asOf';
import { decodeReadingRows, DbStoredReadingRow } from '../decode';
import { WITH_ITEMS } from '../rows';
import { readRaw, ReadConnection } from '../prepared';

type Target =
  | { resourceIds: readonly string[] }
  | { resourceType: string }
  | { subtreeOf: string };

/**
 * The SNAPSHOT readings of these types, of the given resources or of a resource and all its
 * descendants (both through `readings_snapshot_key`), or of every resource of one type
 * (through `readings_snapshot_type_idx`), decoded: one query. As of a moment, from the
 * versions in force then (see {@link readVersionsAt}). `withItems` keeps only values with a
 * non-empty `items` array (through `readings_with_items_idx` for a resource type).
 */
export async function readCurrent<T extends string>(
  options: ReadConnection & {
    types: readonly T[];
    asOf?: Date;
    withItems?: boolean;
  } & Target,
): Promise<ReadingsAnswer<T>> {
  const { types } = options;
  if (types.length === 0) return { readings: [], invalid: [] };
  if ('resourceIds' in options && options.resourceIds.length === 0)
    return { readings: [], invalid: [] };
  if (options.asOf)
    return readVersionsAt<T>({ ...options, asOf: options.asOf });
  const columns = `r.id, r.type, r.resource_id, r.value, r.storage_mode, r.collected_at`;
  const typeList = [...new Set(types)];
  const items = options.withItems ? `AND ${WITH_ITEMS('r')}` : '';
  if ('resourceIds' in options) {
    // One probe of the unique SNAPSHOT key per (resource, type) pair: with `= ANY` on both
    // columns the planner may instead walk every reading of the resources (time series included).
    const { rows } = await readRaw(
      options,
      `SELECT ${columns}
         FROM unnest(?::uuid[]) AS k(resource_id)
         CROSS JOIN unnest(?::text[]) AS t(type)
         JOIN readings r ON r.resource_id = k.resource_id AND r.type = t.type AND r.storage_mode = 'SNAPSHOT' ${items}`,
      [[...new Set(options.resourceIds)], typeList],
    );
    return decodeReadingRows<T>(rows as DbStoredReadingRow[]);
  }
  if ('subtreeOf' in options) {
    const { rows } = await readRaw(
      options,
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
  const { rows } = await readRaw(
    options,
    `SELECT ${columns}
       FROM readings r JOIN resources x ON x.id = r.resource_id
      WHERE r.storage_mode = 'SNAPSHOT' AND r.type = ANY(?::text[]) AND x.type = ? ${items}`,
    [typeList, options.resourceType],
  );
  return decodeReadingRows<T>(rows as DbStoredReadingRow[]);
}

/**
 * The readings as of `asOf`: for each (resource, type) the version in force then (one probe of
 * the versions' primary key per pair), its `collectedAt` the version's `validFrom`, its id the
 * reading's. The resources: the given ones, a subtree of those that existed then, or every
 * resource of a type. One query.
 */
async function readVersionsAt<T extends string>(
  options: ReadConnection & {
    types: readonly T[];
    asOf: Date;
    withItems?: boolean;
  } & Target,
): Promise<ReadingsAnswer<T>> {
  const { asOf } = options;
  const typeList = [...new Set(options.types)];
  let keys: string;
  let bindings: Knex.Value[];
  if ('resourceIds' in options) {
    keys = `SELECT unnest(?::uuid[]) AS resource_id`;
    bindings = [[...new Set(options.resourceIds)]];
  } else if ('subtreeOf' in options) {
    keys = `WITH RECURSIVE tree AS (
         SELECT r.id FROM resources r WHERE r.id = ? AND ${existedAt('r')}
         UNION
         SELECT c.id FROM resources c JOIN tree ON c.parent_id = tree.id WHERE ${existedAt(
           'c',
         )}
       ) SELECT id AS resource_id FROM tree`;
    bindings = [
      options.subtreeOf,
      ...existedAtBindings(asOf),
      ...existedAtBindings(asOf),
    ];
  } else {
    keys = `SELECT id AS resource_id FROM resources WHERE type = ?`;
    bindings = [options.resourceType];
  }
  const { rows } = await readRaw(
    options,
    `SELECT r.id, v.type, v.resource_id, v.value, 'SNAPSHOT' AS storage_mode, v.valid_from AS collected_at
       FROM (${keys}) AS k
       CROSS JOIN unnest(?::text[]) AS t(type)
       CROSS JOIN LATERAL ${VERSION_AT} AS v
       JOIN readings r ON r.resource_id = v.resource_id AND r.type = v.type AND r.storage_mode = 'SNAPSHOT'
      ${options.withItems ? `WHERE ${WITH_ITEMS('v')}` : ''}`,
    [...bindings, typeList, asOf],
  );
  return decodeReadingRows<T>(rows as DbStoredReadingRow[]);
}
