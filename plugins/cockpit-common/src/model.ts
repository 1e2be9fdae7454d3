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
  /** The collector whose batch wrote it (contract section 7.3); absent from older servers. */
  collector?: string | null;
  /** The delivery it came in (`sqs:<id>`, `sns:<id>`, `http`, `local`). */
  source?: string | null;
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
