import type {
  Reading,
  Rejection,
  Resource,
} from '@cockpit/plugin-cockpit-common';

/** The columns of `resources` that make a {@link Resource}. */
export const RESOURCE_COLUMNS = [
  'id',
  'type',
  'name',
  'parent_id',
  'created_on',
  'last_seen_on',
];

/**
 * The predicate "the reading's value has a non-empty `items` array" on the readings alias
 * `alias`, written as the partial index `readings_with_items_idx` states it so that the planner
 * can use it. A non-array `items` passes and is reported by the decoder.
 */
export const WITH_ITEMS = (alias: string) =>
  `(${alias}.value->'items') <> '[]'::jsonb`;

/** Escapes `%`, `_` and backslash so user text matches literally inside LIKE. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, m => `\\${m}`);
}

/** A `resources` row. */
export interface DbResourceRow {
  id: string;
  type: string;
  name: string;
  parent_id: string | null;
  created_on: Date;
  last_seen_on: Date;
}

/** A `readings` row. */
export interface DbReadingRow {
  id: string;
  type: string;
  resource_id: string;
  value: unknown;
  storage_mode: 'SNAPSHOT' | 'TIME_SERIES';
  collected_at: Date;
  created_on: Date;
  collector: string | null;
  source: string | null;
}

/** A `rejections` row. */
export interface DbRejectionRow {
  id: string;
  source: string;
  collector: string | null;
  reason: string;
  payload: string;
  message_index: number | null;
  received_at: Date;
}

/** Maps a row to the API's Resource. */
export function toResource(row: DbResourceRow): Resource {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    parentId: row.parent_id,
    createdOn: row.created_on.toISOString(),
    lastSeenOn: row.last_seen_on.toISOString(),
  };
}

/** Maps a row to the API's Reading. */
export function toReading(row: DbReadingRow): Reading {
  return {
    id: String(row.id),
    type: row.type,
    resourceId: row.resource_id,
    value: row.value,
    storageMode: row.storage_mode,
    collectedAt: row.collected_at.toISOString(),
    createdOn: row.created_on.toISOString(),
    collector: row.collector,
    source: row.source,
  };
}

/** Maps a row to the API's Rejection. */
export function toRejection(row: DbRejectionRow): Rejection {
  return {
    id: String(row.id),
    source: row.source,
    collector: row.collector,
    reason: row.reason,
    payload: row.payload,
    messageIndex: row.message_index,
    receivedAt: row.received_at.toISOString(),
  };
}
