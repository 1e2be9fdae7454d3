import type { Knex } from 'knex';
import type { Resource, ResourceRef } from '@cockpit/plugin-cockpit-common';
import { existedAt, existedAtBindings, resourceAsOf } from '../asOf';
import { DbResourceRow, RESOURCE_COLUMNS, toResource } from '../rows';

/** One resource by id, or by type and name (that existed at `asOf`); undefined when there is none. */
export async function getResource(
  options: { knex: Knex; asOf?: Date } & ({ id: string } | ResourceRef),
): Promise<Resource | undefined> {
  const { knex, asOf } = options;
  const where =
    'id' in options
      ? { id: options.id }
      : { type: options.type, name: options.name };
  const query = knex('resources').select(RESOURCE_COLUMNS).where(where);
  if (asOf) query.whereRaw(existedAt('resources'), existedAtBindings(asOf));
  const row = await query.first();
  return row ? resourceAsOf(toResource(row as DbResourceRow), asOf) : undefined;
}
