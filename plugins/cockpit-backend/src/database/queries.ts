import { InputError } from '@backstage/errors';
import type { Knex } from 'knex';
import type { Page, Reading, Rejection, Resource } from '@cockpit/plugin-cockpit-common';
import { decodeCursor, encodeCursor } from './cursor';
import {
  DbReadingRow,
  DbRejectionRow,
  DbResourceRow,
  toReading,
  toRejection,
  toResource,
} from './rows';

const RESOURCE_COLUMNS = ['id', 'type', 'name', 'parent_id', 'created_on', 'last_seen_on'];

/** Escapes `%`, `_` and `\` so user text matches literally inside LIKE. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, m => `\\${m}`);
}

/** Resources ordered by (type, name), the unique key, so the keyset cursor is exact. */
export async function listResources(options: {
  knex: Knex;
  type?: string;
  name?: string;
  q?: string;
  parentId?: string;
  limit: number;
  cursor?: string;
}): Promise<Page<Resource>> {
  const { knex, limit } = options;
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
  if (options.q) query.whereRaw(`name ILIKE ? ESCAPE '\\'`, [`%${likeLiteral(options.q)}%`]);
  if (options.cursor) {
    const [type, name] = decodeCursor(options.cursor, ['string', 'string']);
    query.whereRaw('(type, name) > (?, ?)', [type, name]);
  }
  const rows = (await query) as DbResourceRow[];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toResource),
    ...(rows.length > limit && last ? { nextCursor: encodeCursor([last.type, last.name]) } : {}),
  };
}

/** One resource by id, or undefined. */
export async function getResourceById(options: { knex: Knex; id: string }): Promise<Resource | undefined> {
  const row = await options.knex('resources').select(RESOURCE_COLUMNS).where('id', options.id).first();
  return row ? toResource(row as DbResourceRow) : undefined;
}

/** One resource by type and name, or undefined. */
export async function getResourceByTypeAndName(options: {
  knex: Knex;
  type: string;
  name: string;
}): Promise<Resource | undefined> {
  const row = await options
    .knex('resources')
    .select(RESOURCE_COLUMNS)
    .where({ type: options.type, name: options.name })
    .first();
  return row ? toResource(row as DbResourceRow) : undefined;
}

/** The direct children of a resource, ordered by type and name. */
export async function listChildren(options: { knex: Knex; id: string; type?: string }): Promise<Resource[]> {
  const query = options
    .knex('resources')
    .select(RESOURCE_COLUMNS)
    .where('parent_id', options.id)
    .orderBy([
      { column: 'type', order: 'asc' },
      { column: 'name', order: 'asc' },
    ]);
  if (options.type) query.where('type', options.type);
  return ((await query) as DbResourceRow[]).map(toResource);
}

/**
 * Readings of one resource, newest first: ordered by (collected_at, id) descending.
 * The cursor keeps collected_at as PostgreSQL text, so microseconds survive the round trip.
 */
export async function listReadings(options: {
  knex: Knex;
  resourceId: string;
  type?: string;
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
}): Promise<Page<Reading>> {
  const { knex, limit } = options;
  const query = knex('readings')
    .select(
      'id',
      'type',
      'resource_id',
      'value',
      'storage_mode',
      'collected_at',
      'created_on',
      knex.raw(`to_char(collected_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS collected_key`),
    )
    .where('resource_id', options.resourceId)
    .orderBy([
      { column: 'collected_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(limit + 1);
  if (options.type) query.where('type', options.type);
  if (options.from) query.where('collected_at', '>=', options.from);
  if (options.to) query.where('collected_at', '<', options.to);
  if (options.cursor) {
    const [collectedAt, id] = decodeCursor(options.cursor, ['string', 'string']);
    if (!/^\d+$/.test(String(id)) || Number.isNaN(Date.parse(String(collectedAt)))) {
      throw new InputError('cursor: not a cursor returned by this listing');
    }
    query.whereRaw('(collected_at, id) < (?::timestamptz, ?::bigint)', [collectedAt, id]);
  }
  const rows = (await query) as (DbReadingRow & { collected_key: string })[];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toReading),
    ...(rows.length > limit && last
      ? { nextCursor: encodeCursor([last.collected_key, String(last.id)]) }
      : {}),
  };
}

/** Rejected input, newest first (by id). */
export async function listRejections(options: {
  knex: Knex;
  limit: number;
  cursor?: string;
}): Promise<Page<Rejection>> {
  const { knex, limit } = options;
  const query = knex('rejections')
    .select('id', 'source', 'collector', 'reason', 'payload', 'message_index', 'received_at')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (options.cursor) {
    const [id] = decodeCursor(options.cursor, ['string']);
    if (!/^\d+$/.test(String(id))) throw new InputError('cursor: not a cursor returned by this listing');
    query.where('id', '<', id);
  }
  const rows = (await query) as DbRejectionRow[];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toRejection),
    ...(rows.length > limit && last ? { nextCursor: encodeCursor([String(last.id)]) } : {}),
  };
}
