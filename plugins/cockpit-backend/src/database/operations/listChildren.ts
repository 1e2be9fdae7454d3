import type { Knex } from 'knex';
import type { Resource } from '@cockpit/plugin-cockpit-common';
import { existedAt, existedAtBindings, resourceAsOf } from '../asOf';
import { DbResourceRow, RESOURCE_COLUMNS, toResource } from '../rows';

/**
 * The direct children of any of these resources (that existed at `asOf`), optionally of one
 * type, ordered by type and name.
 */
export async function listChildren(options: {
  knex: Knex;
  parentIds: readonly string[];
  type?: string;
  asOf?: Date;
}): Promise<Resource[]> {
  const { asOf } = options;
  if (options.parentIds.length === 0) return [];
  const query = options
    .knex('resources')
    .select(RESOURCE_COLUMNS)
    .whereRaw('parent_id = ANY(?::uuid[])', [[...new Set(options.parentIds)]])
    .orderBy([
      { column: 'type', order: 'asc' },
      { column: 'name', order: 'asc' },
    ]);
  if (options.type) query.where('type', options.type);
  if (asOf) query.whereRaw(existedAt('resources'), existedAtBindings(asOf));
  return ((await query) as DbResourceRow[]).map(row =>
    resourceAsOf(toResource(row), asOf),
  );
}
