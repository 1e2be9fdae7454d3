import { InputError } from '@backstage/errors';
import type { Knex } from 'knex';
import type { Page, Reading } from '@cockpit/plugin-cockpit-common';
import { versionAt } from '../asOf';
import { decodeCursor, encodeCursor } from '../cursor';
import { DbReadingRow, toReading } from '../rows';

/**
 * One resource's readings as of T: the SNAPSHOT versions in force then (with the reading's id,
 * `collected_at` the version's valid_from, `created_on` when the version was written) and the
 * TIME_SERIES points collected by then. Takes the bindings T, resource, T, resource.
 */
const READINGS_AS_OF = `(
  SELECT r.id, r.type, r.resource_id, v.value, r.storage_mode, v.valid_from AS collected_at,
         v.recorded_on AS created_on, v.collector, v.source
    FROM readings r
    CROSS JOIN LATERAL ${versionAt(
      'r.resource_id',
      'r.type',
      'v.value, v.valid_from, v.recorded_on, v.collector, v.source',
    )} v
   WHERE r.resource_id = ? AND r.storage_mode = 'SNAPSHOT'
  UNION ALL
  SELECT id, type, resource_id, value, storage_mode, collected_at, created_on, collector, source
    FROM readings
   WHERE collected_at <= ?::timestamptz AND resource_id = ? AND storage_mode = 'TIME_SERIES'
) AS readings`;

/**
 * A page of one resource's readings (as of `asOf` when given), newest first: ordered by
 * (collected_at, id) descending. The cursor keeps collected_at as PostgreSQL text, so
 * microseconds survive the round trip.
 */
export async function listReadings(options: {
  knex: Knex;
  resourceId: string;
  type?: string;
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
  asOf?: Date;
}): Promise<Page<Reading>> {
  const { knex, limit, asOf } = options;
  const source = asOf
    ? knex.raw(READINGS_AS_OF, [
        asOf,
        options.resourceId,
        asOf,
        options.resourceId,
      ])
    : 'readings';
  const query = knex
    .from(source)
    .select(
      'id',
      'type',
      'resource_id',
      'value',
      'storage_mode',
      'collected_at',
      'created_on',
      'collector',
      'source',
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
