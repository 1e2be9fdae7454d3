/**
 * The one place that knows what a PostgreSQL (or connection) error means for an ingestion
 * call. `ingestBatches`, the sink handler and the data provider's error mapping all decide
 * through {@link classifyDatabaseError}.
 *
 * - `unavailable`: the database is away (connection refused or lost, server shutting down,
 *   no connection slot, credentials refused). Nothing was committed; retry the whole call later, never record by
 *   record. The data provider answers 503.
 * - `retry`: run the same transaction again, after a short backoff: a serialization failure,
 *   a deadlock, or a foreign key violation (which the write can only meet when housekeeping
 *   deleted a resource it had just found present; the next attempt creates it).
 * - `hierarchyBusy`: raised by `cockpit_parent_state` when another call holds the
 *   re-parenting lock of a resource this call re-parents: try again shortly, then run alone
 *   (holding the hierarchy lock exclusively), which waits instead of deadlocking.
 * - `refusedValue`: PostgreSQL refused the text of a value that `JSON.parse` accepted
 *   (invalid text, an unsupported escape, a number beyond numeric's range, nesting beyond the
 *   server's stack): quarantine the values it refuses, write the rest (refusedValues.ts).
 * - `other`: anything else. The call failed for a reason that may lie in one record of it:
 *   the sink retries its records one by one, so one cannot hold back the others.
 */
export type DatabaseErrorKind =
  | 'unavailable'
  | 'retry'
  | 'hierarchyBusy'
  | 'refusedValue'
  | 'other';

const SQLSTATE_KINDS: ReadonlyMap<string, DatabaseErrorKind> = new Map([
  ['40001', 'retry'], // serialization_failure
  ['40P01', 'retry'], // deadlock_detected
  ['23503', 'retry'], // foreign_key_violation
  ['55P03', 'hierarchyBusy'], // lock_not_available
  ['22P02', 'refusedValue'], // invalid_text_representation
  ['22P05', 'refusedValue'], // untranslatable_character
  ['22003', 'refusedValue'], // numeric_value_out_of_range
  ['54001', 'refusedValue'], // statement_too_complex (stack depth)
  ['57P01', 'unavailable'], // admin_shutdown (pg_terminate_backend, server stop)
  ['57P02', 'unavailable'], // crash_shutdown
  ['57P03', 'unavailable'], // cannot_connect_now (starting up, shutting down)
  ['53300', 'unavailable'], // too_many_connections
  ['28P01', 'unavailable'], // invalid_password (a rotated secret: the sink reads it again first)
  ['28000', 'unavailable'], // invalid_authorization_specification
]);

/** Node.js socket errors of a database that cannot be reached. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EPIPE',
]);

/** What node-postgres and knex say when the connection is gone or cannot be had. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Knex: Timeout acquiring a connection|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery mode)/i;

/** What an error met while ingesting means: see {@link DatabaseErrorKind}. */
export function classifyDatabaseError(error: unknown): DatabaseErrorKind {
  // AggregateError: node-postgres reports each address it tried (IPv4 and IPv6).
  for (const candidate of [error, ...nestedErrors(error)]) {
    const code = (candidate as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string') {
      if (code.startsWith('08') || UNREACHABLE_CODES.has(code)) {
        return 'unavailable';
      }
      const kind = SQLSTATE_KINDS.get(code);
      if (kind) return kind;
    }
    const message =
      candidate instanceof Error ? candidate.message : String(candidate);
    if (UNAVAILABLE_MESSAGE.test(message)) return 'unavailable';
  }
  return 'other';
}

/** SQLSTATEs of a server that refused the credentials (invalid_password, invalid_authorization_specification). */
const AUTHENTICATION_CODES = new Set(['28P01', '28000']);

/**
 * Whether the database refused the credentials. The sink reads its secret again once when it
 * meets this (the password may have been rotated since the pool was opened); a refusal that
 * outlives that is `unavailable` to everyone (see {@link classifyDatabaseError}).
 */
export function isAuthenticationFailure(error: unknown): boolean {
  return [error, ...nestedErrors(error)].some(candidate => {
    const code = (candidate as { code?: unknown } | undefined)?.code;
    return typeof code === 'string' && AUTHENTICATION_CODES.has(code);
  });
}

/** Whether the error means the database cannot be reached (see {@link classifyDatabaseError}). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return classifyDatabaseError(error) === 'unavailable';
}

function nestedErrors(error: unknown): unknown[] {
  const nested: unknown[] = [];
  if (error instanceof AggregateError) nested.push(...error.errors);
  if (error instanceof Error && error.cause !== undefined) {
    nested.push(error.cause);
  }
  return nested;
}
