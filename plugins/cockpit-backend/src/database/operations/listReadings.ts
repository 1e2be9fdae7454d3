import { InputError } from '@backstage/errors';
import type { Knex } from 'knex';
import type { Page, Reading } from '@cockpit/plugin-cockpit-common';
import { decodeCursor, encodeCursor } from '../cursor';
import { DbReadingRow, toReading } from '../rows';

/**
 * A page of one resource's readings, newest first: ordered by (collected_at, id) descending.
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
      knex.raw(
        `to_char(collected_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS collected_key`,
      ),
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
    const [collectedAt, id] = decodeCursor(options.cursor, [
      'string',
      'string',
    ]);
    if (
      !/^\d+$/.test(String(id)) ||
      Number.isNaN(Date.parse(String(collectedAt)))
    ) {
      throw new InputError('cursor: not a cursor returned by this listing');
    }
    query.whereRaw('(collected_at, id) < (?::timestamptz, ?::bigint)', [
      collectedAt,
      id,
    ]);
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
