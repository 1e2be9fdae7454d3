import type { Knex } from 'knex';
import type { Resource } from '@cockpit/plugin-cockpit-common';
import { DbResourceRow, RESOURCE_COLUMNS, toResource } from '../rows';

/** The resources with these ids that exist, in one query (none for no ids). */
export async function getResources(options: {
  knex: Knex;
  ids: readonly string[];
}): Promise<Resource[]> {
  if (options.ids.length === 0) return [];
  const rows = await options
    .knex('resources')
    .select(RESOURCE_COLUMNS)
    .whereRaw('id = ANY(?::uuid[])', [[...new Set(options.ids)]]);
  return (rows as DbResourceRow[]).map(toResource);
}
