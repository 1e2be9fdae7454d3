import type { Knex } from 'knex';
import type { Resource } from '@cockpit/plugin-cockpit-common';
import { existedAt, existedAtBindings, resourceAsOf } from '../asOf';
import { DbResourceRow, RESOURCE_COLUMNS, toResource } from '../rows';

/** The resources with these ids that exist (existed at `asOf`), in one query (none for no ids). */
export async function getResources(options: {
  knex: Knex;
  ids: readonly string[];
  asOf?: Date;
}): Promise<Resource[]> {
  const { asOf } = options;
  if (options.ids.length === 0) return [];
  const query = options
    .knex('resources')
    .select(RESOURCE_COLUMNS)
    .whereRaw('id = ANY(?::uuid[])', [[...new Set(options.ids)]]);
  if (asOf) query.whereRaw(existedAt('resources'), existedAtBindings(asOf));
  return ((await query) as DbResourceRow[]).map(row =>
    resourceAsOf(toResource(row), asOf),
  );
}
