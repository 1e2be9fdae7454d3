/** How a reading is stored: SNAPSHOT keeps the newest per (resource, type), TIME_SERIES keeps every point. */
export type StorageMode = 'SNAPSHOT' | 'TIME_SERIES';

/** The storage modes, in the order they are documented. */
export const STORAGE_MODES: readonly StorageMode[] = [
  'SNAPSHOT',
  'TIME_SERIES',
];

/** A resource as the REST API returns it: something readings are collected for. */
export interface Resource {
  id: string;
  type: string;
  name: string;
  parentId: string | null;
  /** ISO 8601 timestamp: when the store first saw the resource. */
  createdOn: string;
  /** ISO 8601 timestamp: the last time any message named the resource. */
  lastSeenOn: string;
}

/** A reading as the REST API returns it: one piece of data about one resource. */
export interface Reading<TValue = unknown> {
  /** Serial id, as a string (PostgreSQL bigint). */
  id: string;
  type: string;
  resourceId: string;
  value: TValue;
  storageMode: StorageMode;
  /** ISO 8601 timestamp: when the collector measured it. */
  collectedAt: string;
  /** ISO 8601 timestamp: when the store wrote it. */
  createdOn: string;
  /** The collector whose batch wrote it (null for rows written before provenance was kept). */
  collector?: string | null;
  /** The delivery it came in: `sqs:<id>`, `sns:<id>`, `http`, `local` (null when unknown). */
  source?: string | null;
}

/**
 * One version of a SNAPSHOT reading (contract section 7): a value it had, from when to when.
 * `id` is the reading's (all versions of one reading share it), `collectedAt` equals
 * `validFrom` and `createdOn` is when the store wrote the version.
 */
export interface ReadingVersion<TValue = unknown> extends Reading<TValue> {
  /** ISO 8601: when this value became true. */
  validFrom: string;
  /** ISO 8601: when the next version replaced it; null while it is in force. */
  validTo: string | null;
  collector: string | null;
  source: string | null;
}

/** What a change is: a reading's first version, a later version, or the resource deleted. */
export type ChangeKind = 'created' | 'changed' | 'deleted';

/** One entry of the change feed (`GET /changes`), newest first. */
export interface Change {
  kind: ChangeKind;
  /** The resource the change is about (for `deleted`, as it was when housekeeping deleted it). */
  resource: { id: string; type: string; name: string; parentId: string | null };
  /** The reading type whose value changed; null when the resource was deleted. */
  readingType: string | null;
  /** ISO 8601: when the new value became true, or when the resource was deleted. */
  at: string;
  /** The value before (null when the reading was created, or the resource deleted). */
  before: unknown;
  /** The value after (null when the resource was deleted). */
  after: unknown;
  /** The collector that published the new value; null for a deletion. */
  collector: string | null;
}

/** A quarantined piece of input, kept raw with the reason it was refused. */
export interface Rejection {
  id: string;
  /** Where the input came from, e.g. `sqs:<messageId>`, `sns:<messageId>`, `http`. */
  source: string;
  /** The collector named by the batch, when it could be read. */
  collector: string | null;
  reason: string;
  /** The raw input: the whole batch body, or one message of it, as received. */
  payload: string;
  /** Index of the message within its batch, or null when the whole batch was refused. */
  messageIndex: number | null;
  receivedAt: string;
}

/** One page of a listing; `nextCursor` is present when more rows follow. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}
