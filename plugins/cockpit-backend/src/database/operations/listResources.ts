import type { Knex } from 'knex';
import type { Page, Resource } from '@cockpit/plugin-cockpit-common';
import { existedAt, existedAtBindings, resourceAsOf } from '../asOf';
import { decodeCursor, encodeCursor } from '../cursor';
import {
  DbResourceRow,
  likeLiteral,
  RESOURCE_COLUMNS,
  toResource,
} from '../rows';

/**
 * A page of resources (that existed at `asOf`) ordered by (type, name), the unique key, so the
 * keyset cursor is exact.
 */
export async function listResources(options: {
  knex: Knex;
  type?: string;
  name?: string;
  nameContains?: string;
  parentId?: string;
  limit: number;
  cursor?: string;
  asOf?: Date;
}): Promise<Page<Resource>> {
  const { knex, limit, asOf } = options;
  const query = knex('resources')
    .select(RESOURCE_COLUMNS)
    .orderBy([
      { column: 'type', order: 'asc' },
      { column: 'name', order: 'asc' },
    ])
    .limit(limit + 1);
  if (options.type) query.where('type', options.type);
  if (options.name) query.where('name', options.name);
  if (options.parentId) query.where('parent_id', options.parentId);
  if (options.nameContains) {
    query.whereRaw(`name ILIKE ? ESCAPE '\\'`, [
      `%${likeLiteral(options.nameContains)}%`,
    ]);
  }
  if (asOf) query.whereRaw(existedAt('resources'), existedAtBindings(asOf));
  if (options.cursor) {
    const [type, name] = decodeCursor(options.cursor, ['string', 'string']);
    query.whereRaw('(type, name) > (?, ?)', [type, name]);
  }
  const rows = (await query) as DbResourceRow[];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(row => resourceAsOf(toResource(row), asOf)),
    ...(rows.length > limit && last
      ? { nextCursor: encodeCursor([last.type, last.name]) }
      : {}),
  };
}
