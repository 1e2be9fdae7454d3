import type { Knex } from 'knex';
import { createParseContext, parseBatch } from './parse';
import { DeferredWritePlan, planEdges, planRows, PlannedRows } from './plan';
import {
  quarantineRefusedValues,
  quarantineUnserializableValues,
} from './refusedValues';
import type {
  IngestBatchInput,
  IngestMessageOutcome,
  IngestOutcome,
} from './types';
import { writePlan, WriteResult } from './write';

/**
 * PostgreSQL errors that mean "run the same transaction again": serialization failure,
 * deadlock, and a foreign key violation, which the write plan can only meet when housekeeping
 * deleted a resource it had just found present (the next attempt creates it).
 */
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01', '23503']);

/**
 * PostgreSQL errors of a jsonb parse that `JSON.parse` passed: invalid text (22P02), an
 * unsupported escape (22P05), a number beyond numeric's range (22003), nesting beyond the
 * server's stack (54001). When values were sent as the text they were received as, the
 * messages whose value PostgreSQL refuses are quarantined and the call is written again (see
 * refusedValues.ts).
 */
const RAW_JSON_SQLSTATES = new Set(['22P02', '22P05', '22003', '54001']);

/**
 * Raised by `cockpit_parent_state` when a resource the call re-parents, or an ancestor of a
 * new parent, is locked by another call: the call is tried again shortly, and then run
 * holding the hierarchy lock exclusively, which waits for the other calls instead of
 * deadlocking with them.
 */
const HIERARCHY_BUSY_SQLSTATES = new Set(['55P03']);
/** Times a call meeting another's re-parenting locks tries again before it runs alone. */
const MAX_BUSY_RETRIES = 2;
const BUSY_RETRY_MS = 25;

/** Default for `lastSeenRefreshMs`: a resource's `last_seen_on` is at most this stale. */
export const DEFAULT_LAST_SEEN_REFRESH_MS = 60_000;

/**
 * The one ingestion path of Cockpit (the sink Lambda, `POST /api/cockpit/ingest` and local
 * mode): validates publish batches, quarantines what is invalid in `rejections`, and writes
 * the rest with a constant number of set-based statements in ONE transaction per call.
 *
 * Invalid JSON or a bad envelope refuses the batch (`batchRejected`, stored raw); a bad
 * message refuses only itself, with a reason naming the field. Database errors are thrown
 * after the transaction rolled back, so nothing of the call is committed and the caller must
 * report every batch of the call as failed (a redelivery then lands it whole). Deadlocks and
 * serialization failures are retried here a few times first.
 *
 * @example
 * const [outcome] = await ingestBatches({
 *   knex,
 *   batches: [{ body: snsMessage, source: `sns:${messageId}`, receivedAt: new Date(timestamp) }],
 * });
 */
export async function ingestBatches(options: {
  knex: Knex;
  batches: IngestBatchInput[];
  /** Rewrite a resource's `last_seen_on` only when older than this; default one minute. */
  lastSeenRefreshMs?: number;
  /** Attempts on a deadlock or serialization failure; default 5. */
  maxAttempts?: number;
}): Promise<IngestOutcome[]> {
  const context = createParseContext();
  const parsed = options.batches.map((batch, index) =>
    parseBatch(batch, index, context),
  );
  // The rows are planned inside the write, while the database checks the parents; kept for
  // the attempts after the first.
  let rows: PlannedRows | undefined;
  const plan: DeferredWritePlan = {
    edges: planEdges(parsed),
    rows: () => (rows ??= planRows(parsed)),
  };
  const maxAttempts = options.maxAttempts ?? 5;

  let exclusiveParents = false;
  let busyRetries = 0;
  const write = (serializeValues: boolean) =>
    options.knex.transaction(trx =>
      writePlan({
        trx,
        plan,
        lastSeenRefreshMs:
          options.lastSeenRefreshMs ?? DEFAULT_LAST_SEEN_REFRESH_MS,
        serializeValues,
        exclusiveParents,
      }),
    );

  let result: WriteResult = { cycleRejections: [] };
  // Every valid message names a resource, so there is something to write exactly when some
  // batch has a valid message or a rejection.
  const hasWork = parsed.some(
    batch => batch.messages.length > 0 || batch.rejections.length > 0,
  );
  let serializeValues = false;
  let probed = false;
  for (let attempt = 1; hasWork; attempt++) {
    try {
      result = await write(serializeValues);
      break;
    } catch (error) {
      if (
        !serializeValues &&
        plan.rows().hasReceivedText &&
        hasSqlState(error, RAW_JSON_SQLSTATES)
      ) {
        // PostgreSQL refused the text of some value. First the values that may be out of its
        // range are tried one by one and the refused ones quarantined; if that finds none,
        // the values are serialized here, except those that would not survive it. Neither
        // counts as an attempt.
        const refused = probed
          ? 0
          : await quarantineRefusedValues(options.knex, parsed);
        probed = true;
        if (refused === 0) {
          serializeValues = true;
          quarantineUnserializableValues(parsed);
        }
        // Only readings were quarantined: the parent edges stand, the rows are planned anew.
        rows = undefined;
        attempt--;
        continue;
      }
      if (!exclusiveParents && hasSqlState(error, HIERARCHY_BUSY_SQLSTATES)) {
        // Nothing was written yet: the check is the call's first statement. Not an attempt.
        // The other call usually ends within tens of milliseconds (it may be creating this
        // call's parents): try again a little later, then alone.
        busyRetries++;
        if (busyRetries > MAX_BUSY_RETRIES) exclusiveParents = true;
        else await sleep(BUSY_RETRY_MS * busyRetries * (0.5 + Math.random()));
        attempt--;
        continue;
      }
      if (attempt >= maxAttempts || !hasSqlState(error, RETRYABLE_SQLSTATES)) {
        throw error;
      }
      await sleep(10 * 2 ** attempt * (0.5 + Math.random()));
    }
  }

  const cycleReasons = new Map<string, string>();
  for (const { edge, reason } of result.cycleRejections) {
    cycleReasons.set(
      `${edge.message.batchIndex}:${edge.message.index}`,
      reason,
    );
  }
  return parsed.map(batch => {
    if (batch.batchRejected !== undefined) {
      return {
        accepted: 0,
        rejected: 1,
        messages: [],
        batchRejected: batch.batchRejected,
      };
    }
    const messages: IngestMessageOutcome[] = [];
    for (let index = 0; index < batch.messageCount; index++) {
      const reason =
        batch.rejectedMessages.get(index) ??
        cycleReasons.get(`${batch.batchIndex}:${index}`);
      messages.push(
        reason === undefined
          ? { index, status: 'accepted' }
          : { index, status: 'rejected', reason },
      );
    }
    const rejected = messages.filter(m => m.status === 'rejected').length;
    return { accepted: messages.length - rejected, rejected, messages };
  });
}

function hasSqlState(error: unknown, states: Set<string>): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && states.has(code);
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
