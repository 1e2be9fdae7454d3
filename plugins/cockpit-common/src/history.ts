import type { Reading } from './model';

/**
 * One version of a SNAPSHOT reading (contract section 7): a value with the time it became
 * true and the time the next version replaced it, and where it came from.
 */
export interface ReadingVersion<TValue = unknown> extends Reading<TValue> {
  /** ISO 8601: when this value became true (the collectedAt of its first reading). */
  validFrom: string;
  /** ISO 8601: when the next version replaced it; null while it is in force. */
  validTo: string | null;
  /** The collector whose batch started this version; null for versions older than provenance. */
  collector: string | null;
  /** The delivery it came in: `sqs:<id>`, `sns:<id>`, `http`, `local`; null when unknown. */
  source: string | null;
}

/** One change of the change feed (`GET /changes`): a reading of a resource got a new value. */
export interface Change<TValue = unknown> {
  resource: { id: string; type: string; name: string };
  /** The reading that changed; null when the change is the resource itself (deleted by housekeeping). */
  readingType: string | null;
  /** ISO 8601: when the new value became true. */
  at: string;
  /** The value before; null when the reading (or the resource) was created. */
  before: TValue | null;
  /** The value after; null when the resource was deleted. */
  after: TValue | null;
  /** The collector that published the new value, when known. */
  collector: string | null;
}

/** The query of `GET /changes`: a time window, optionally one service's subtree and some types. */
export interface ChangesQuery {
  /** ISO 8601, inclusive. */
  since?: string;
  /** ISO 8601, exclusive. */
  until?: string;
  /** Only the subtree of this service (by name). */
  service?: string;
  resourceType?: string;
  readingType?: string;
  limit?: number;
  cursor?: string;
}
