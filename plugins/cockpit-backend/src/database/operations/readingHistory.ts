import type { Knex } from 'knex';
import type { Page, ReadingVersion } from '@cockpit/plugin-cockpit-common';
import type { CockpitStore } from '@cockpit/plugin-cockpit-node';
import { decodeTimeCursor, encodeCursor, timeKey } from '../cursor';
import { readRaw, ReadConnection } from '../prepared';

interface DbVersionRow {
  id: string;
  type: string;
  resource_id: string;
  value: unknown;
  valid_from: Date;
  valid_to: Date | null;
  recorded_on: Date;
  collector: string | null;
  source: string | null;
  from_key: string;
}

/**
 * A page of the versions of one SNAPSHOT reading, newest first: one query on the primary key,
 * each version's end the next version's start (a probe each). With `from`/`to`: the versions
 * in force at some time in [from, to), that is those that began in it and the one in force at
 * `from`.
 */
export async function readingHistory(
  options: ReadConnection & Parameters<CockpitStore['readingHistory']>[0],
): Promise<Page<ReadingVersion>> {
  const { resourceId, type, limit } = options;
  const filters: string[] = [];
  const bindings: Knex.Value[] = [];
  if (options.to) {
    filters.push(`h.valid_from < ?`);
    bindings.push(options.to);
  }
  if (options.from) {
    filters.push(`h.valid_from >= COALESCE((
      SELECT max(s.valid_from) FROM reading_versions s
       WHERE s.resource_id = h.resource_id AND s.type = h.type AND s.valid_from <= ?), '-infinity')`);
    bindings.push(options.from);
  }
  if (options.cursor) {
    const [validFrom] = decodeTimeCursor(options.cursor, ['string']);
    filters.push(`h.valid_from < ?::timestamptz`);
    bindings.push(validFrom);
  }
  const { rows } = (await readRaw(
    options,
    `SELECT r.id, h.type, h.resource_id, h.value, h.valid_from, h.recorded_on, h.collector, h.source,
            ${timeKey('h.valid_from')} AS from_key,
            (SELECT n.valid_from FROM reading_versions n
              WHERE n.resource_id = h.resource_id AND n.type = h.type AND n.valid_from > h.valid_from
              ORDER BY n.valid_from LIMIT 1) AS valid_to
       FROM reading_versions h
       JOIN readings r ON r.resource_id = h.resource_id AND r.type = h.type AND r.storage_mode = 'SNAPSHOT'
      WHERE h.resource_id = ? AND h.type = ? ${filters
        .map(f => `AND ${f}`)
        .join(' ')}
      ORDER BY h.valid_from DESC
      LIMIT ?`,
    [resourceId, type, ...bindings, limit + 1],
  )) as { rows: DbVersionRow[] };
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(row => ({
      id: String(row.id),
      type: row.type,
      resourceId: row.resource_id,
      value: row.value,
      storageMode: 'SNAPSHOT',
      collectedAt: row.valid_from.toISOString(),
      createdOn: row.recorded_on.toISOString(),
      validFrom: row.valid_from.toISOString(),
      validTo: row.valid_to ? row.valid_to.toISOString() : null,
      collector: row.collector,
      source: row.source,
    })),
    ...(rows.length > limit && last
      ? { nextCursor: encodeCursor([last.from_key]) }
      : {}),
  };
}
