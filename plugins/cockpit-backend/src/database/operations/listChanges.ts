import type { Knex } from 'knex';
import type { Change, Page } from '@cockpit/plugin-cockpit-common';
import { decodeTimeCursor, encodeCursor, timeKey } from '../cursor';
import { readRaw, ReadConnection } from '../prepared';

export interface ListChangesOptions {
  since: Date;
  until?: Date;
  /** The service whose subtree (deleted resources included) the changes are of. */
  serviceId?: string;
  resourceIds?: readonly string[];
  resourceType?: string;
  readingType?: string;
  limit: number;
  cursor?: string;
  /** Changes by this moment only (a store bound to a moment). */
  asOf?: Date;
}

interface DbChangeRow {
  kind: 'v' | 'd';
  resource_id: string;
  reading_type: string;
  at: Date;
  at_key: string;
  after: unknown;
  collector: string | null;
  resource_type: string;
  resource_name: string;
  parent_id: string | null;
  /** The version before is in the page (its value is that row's `after`, not sent again). */
  before_in_page: boolean;
  had_before: boolean;
  before: unknown;
}

/** SQL filters and their bindings, in order. */
class Filters {
  readonly sql: string[] = [];
  readonly bindings: Knex.Value[] = [];
  add(sql: string, ...bindings: Knex.Value[]) {
    this.sql.push(sql);
    this.bindings.push(...bindings);
  }
  toString() {
    return this.sql.join(' AND ');
  }
}

/** The resources whose changes are asked for: a subtree (through `tree`), given ones, or all. */
type Keys = 'tree' | 'given' | 'all';

/**
 * The window, scope and cursor as filters on one side of the feed: `alias` is its resource
 * column, `keyed` says the resources are already joined as keys (no filter needed).
 */
function scopeFilters(
  options: ListChangesOptions,
  cursor: string[] | undefined,
  columns: { resource: string; time: string; type: string },
  keyed: boolean,
): Filters {
  const f = new Filters();
  f.add(`${columns.time} >= ?`, options.since);
  if (options.until) f.add(`${columns.time} < ?`, options.until);
  if (options.asOf) f.add(`${columns.time} <= ?`, options.asOf);
  if (options.serviceId && !keyed)
    f.add(`${columns.resource} IN (SELECT id FROM tree)`);
  if (options.resourceIds && !keyed)
    f.add(`${columns.resource} = ANY(?::uuid[])`, [...options.resourceIds]);
  if (cursor)
    f.add(
      `(${columns.time}, ${columns.resource}, ${columns.type}) < (?::timestamptz, ?::uuid, ?)`,
      ...cursor,
    );
  return f;
}

/** The subtree of the service, deleted resources included (as a recursive CTE), and its binding. */
function treeSql(serviceId: string | undefined) {
  if (!serviceId) return { sql: '', bindings: [] };
  return {
    sql: `tree AS (
         SELECT ?::uuid AS id
         UNION
         SELECT c.id FROM (
           SELECT id, parent_id FROM resources UNION ALL SELECT id, parent_id FROM resource_tombstones
         ) c JOIN tree ON c.parent_id = tree.id
       ),`,
    bindings: [serviceId],
  };
}

/**
 * The versions that began in the window, newest first, `limit` of them: of some resources,
 * each resource's versions through `reading_versions_resource_time_idx` (a bounded probe
 * each); fleet-wide, the window through `reading_versions_feed_idx` (in the page order).
 */
function versionsSql(
  options: ListChangesOptions,
  cursor: string[] | undefined,
  keys: Keys,
) {
  const filters = scopeFilters(
    options,
    cursor,
    { resource: 'v.resource_id', time: 'v.valid_from', type: 'v.type' },
    keys !== 'all',
  );
  if (options.readingType) filters.add('v.type = ?', options.readingType);
  if (options.resourceType)
    filters.add(
      'EXISTS (SELECT 1 FROM resources x WHERE x.id = v.resource_id AND x.type = ?)',
      options.resourceType,
    );
  const limit = options.limit + 1;
  const select = (
    key: string,
  ) => `SELECT 'v'::text AS kind, v.resource_id, v.type AS reading_type, v.valid_from AS at, v.value AS after, v.collector
         FROM reading_versions v
        WHERE ${key} ${filters}
        ORDER BY v.valid_from DESC, v.resource_id DESC, v.type DESC
        LIMIT ?`;
  if (keys === 'all')
    return { sql: select(''), bindings: [...filters.bindings, limit] };
  const keySql =
    keys === 'tree' ? `SELECT id FROM tree` : `SELECT unnest(?::uuid[]) AS id`;
  return {
    sql: `SELECT kv.* FROM (${keySql}) AS k CROSS JOIN LATERAL (${select(
      'v.resource_id = k.id AND',
    )}) kv
          ORDER BY kv.at DESC, kv.resource_id DESC, kv.reading_type DESC
          LIMIT ?`,
    bindings: [
      ...(keys === 'given' ? [[...(options.resourceIds ?? [])]] : []),
      ...filters.bindings,
      limit,
      limit,
    ],
  };
}

/** The tombstones of the window, newest first, `limit` of them; none when a reading type is asked for. */
function deletionsSql(
  options: ListChangesOptions,
  cursor: string[] | undefined,
) {
  const filters = scopeFilters(
    options,
    cursor,
    { resource: 't.id', time: 't.deleted_on', type: "''" },
    false,
  );
  if (options.resourceType) filters.add('t.type = ?', options.resourceType);
  // A reading type names no deletion.
  const withDeletions = !options.readingType;
  return {
    sql: `SELECT 'd'::text AS kind, t.id AS resource_id, ''::text AS reading_type, t.deleted_on AS at,
              t.type, t.name, t.parent_id
         FROM resource_tombstones t
        WHERE ${withDeletions ? filters : 'false'}
        ORDER BY t.deleted_on DESC, t.id DESC
        LIMIT ?`,
    bindings: [...(withDeletions ? filters.bindings : []), options.limit + 1],
  };
}

/**
 * A page of the change feed, newest first by (at, resource, reading type): one query. The
 * versions that began in the window and the tombstones of the window, each side limited
 * before they are merged; then, for the page only, the value before each version (the page's
 * own previous version of the key, else a probe of the primary key) and the resource's name.
 */
export async function listChanges(
  query: ListChangesOptions & ReadConnection,
): Promise<Page<Change>> {
  const { limit } = query;
  // each resource once, for every filter and key list below
  const options = {
    ...query,
    resourceIds: query.resourceIds && [...new Set(query.resourceIds)],
  };
  const cursor = options.cursor
    ? decodeTimeCursor(options.cursor, ['string', 'string', 'string'])
    : undefined;
  let keys: Keys = 'all';
  if (options.serviceId) keys = 'tree';
  else if (options.resourceIds) keys = 'given';
  const tree = treeSql(options.serviceId);
  const versions = versionsSql(options, cursor, keys);
  const deletions = deletionsSql(options, cursor);
  const { rows } = (await readRaw(
    query,
    `WITH RECURSIVE ${tree.sql}
     versions AS (${versions.sql}),
     deletions AS (${deletions.sql}),
     page AS (
       SELECT kind, resource_id, reading_type, at, after, collector FROM versions
       UNION ALL
       SELECT kind, resource_id, reading_type, at, NULL, NULL FROM deletions
       ORDER BY at DESC, resource_id DESC, reading_type DESC
       LIMIT ?
     ),
     -- the value before a version is the previous version of its key: in the page itself
     -- for all but a key's oldest version there (rebuilt from the page, see beforeValues),
     -- else one probe of the primary key
     keyed AS (
       SELECT p.*, lag(p.at) OVER (PARTITION BY p.kind, p.resource_id, p.reading_type ORDER BY p.at)
                   IS NOT NULL AS before_in_page
         FROM page p
     )
     SELECT p.kind, p.resource_id, p.reading_type, p.at, ${timeKey(
       'p.at',
     )} AS at_key, p.after, p.collector,
            COALESCE(x.type, d.type) AS resource_type, COALESCE(x.name, d.name) AS resource_name,
            CASE WHEN p.kind = 'v' THEN x.parent_id ELSE d.parent_id END AS parent_id,
            p.before_in_page, (p.before_in_page OR b.valid_from IS NOT NULL) AS had_before,
            b.value AS before
       FROM keyed p
       LEFT JOIN resources x ON p.kind = 'v' AND x.id = p.resource_id
       LEFT JOIN deletions d ON p.kind = 'd' AND d.resource_id = p.resource_id AND d.at = p.at
       LEFT JOIN LATERAL (
         SELECT pv.valid_from, pv.value FROM reading_versions pv
          WHERE p.kind = 'v' AND NOT p.before_in_page
            AND pv.resource_id = p.resource_id AND pv.type = p.reading_type AND pv.valid_from < p.at
          ORDER BY pv.valid_from DESC LIMIT 1
       ) b ON true
      ORDER BY p.at DESC, p.resource_id DESC, p.reading_type DESC`,
    [...tree.bindings, ...versions.bindings, ...deletions.bindings, limit + 1],
  )) as { rows: DbChangeRow[] };
  const befores = beforeValues(rows);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row, i) => toChange(row, befores[i])),
    ...(rows.length > limit && last
      ? {
          nextCursor: encodeCursor([
            last.at_key,
            last.resource_id,
            last.reading_type,
          ]),
        }
      : {}),
  };
}

/**
 * The value before each row's version: the `after` of the next older row of its key when the
 * page holds it (the query sent it once), else the probed `before`. Rows are newest first.
 */
function beforeValues(rows: DbChangeRow[]): unknown[] {
  const befores: unknown[] = new Array(rows.length);
  const olderAfter = new Map<string, unknown>();
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    const key = `${row.kind}\n${row.resource_id}\n${row.reading_type}`;
    befores[i] = row.before_in_page ? olderAfter.get(key) : row.before;
    olderAfter.set(key, row.after);
  }
  return befores;
}

function toChange(row: DbChangeRow, before: unknown): Change {
  const deleted = row.kind === 'd';
  let kind: Change['kind'] = row.had_before ? 'changed' : 'created';
  if (deleted) kind = 'deleted';
  return {
    kind,
    resource: {
      id: row.resource_id,
      type: row.resource_type,
      name: row.resource_name,
      parentId: row.parent_id,
    },
    readingType: deleted ? null : row.reading_type,
    at: row.at.toISOString(),
    before: row.had_before ? before : null,
    after: deleted ? null : row.after,
    collector: row.collector,
  };
}
