import type { Knex } from 'knex';
import type { Resource, ResourceRef } from '@cockpit/plugin-cockpit-common';
import { DbResourceRow, RESOURCE_COLUMNS, toResource } from '../rows';

/** One resource by id, or by type and name; undefined when there is none. */
export async function getResource(
  options: { knex: Knex } & ({ id: string } | ResourceRef),
): Promise<Resource | undefined> {
  const { knex } = options;
  const where =
    'id' in options
      ? { id: options.id }
      : { type: options.type, name: options.name };
  const row = await knex('resources')
    .select(RESOURCE_COLUMNS)
    .where(where)
    .first();
  return row ? toResource(row as DbResourceRow) : undefined;
}
