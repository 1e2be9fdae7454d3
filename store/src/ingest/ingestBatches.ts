import type { Knex } from 'knex';
import { classifyDatabaseError } from './databaseErrors';
import {
  createResourceIds,
  ParsedBatch,
  parseBatch,
  ResourceIds,
} from './parse';
import { DeferredWritePlan, planEdges, planRows, PlannedRows } from './plan';
import {
  findRefusedValues,
  findUnserializableValues,
  withRefusedMessages,
} from './refusedValues';
import { backoff, retrying } from './retry';
import type {
  IngestBatchInput,
  IngestMessageOutcome,
  IngestOutcome,
} from './types';
import { writePlan, WriteResult } from './write';

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
 * serialization failures are retried here a few times first (see databaseErrors.ts).
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
  /** Resource ids a long-lived caller keeps between calls; default: computed for this call. */
  ids?: ResourceIds;
}): Promise<IngestOutcome[]> {
  const ids = options.ids ?? createResourceIds();
  const parsed = options.batches.map((input, batchIndex) =>
    parseBatch({ input, batchIndex, ids }),
  );
  const { batches, result } = await writeBatches({
    knex: options.knex,
    batches: parsed,
    lastSeenRefreshMs:
      options.lastSeenRefreshMs ?? DEFAULT_LAST_SEEN_REFRESH_MS,
    maxAttempts: options.maxAttempts ?? 5,
  });
  const rejectionIds = await findBatchRejectionIds(options.knex, batches);
  return batches.map(batch => outcomeOf(batch, result, rejectionIds));
}

/**
 * Writes the batches in one transaction, tried again as the failure says (databaseErrors.ts):
 * values PostgreSQL refuses are quarantined and the rest written again; a call that meets
 * another's re-parenting locks tries again shortly, then alone; deadlocks and serialization
 * failures back off and try again. Returns the batches as finally written (with the values
 * moved to their rejections).
 */
async function writeBatches(options: {
  knex: Knex;
  batches: ParsedBatch[];
  lastSeenRefreshMs: number;
  maxAttempts: number;
}): Promise<{ batches: ParsedBatch[]; result: WriteResult }> {
  // Every valid message names a resource, so there is something to write exactly when some
  // batch has a valid message or a rejection.
  const hasWork = options.batches.some(
    b => b.messages.length > 0 || b.rejections.length > 0,
  );
  if (!hasWork)
    return { batches: options.batches, result: { cycleRejections: [] } };

  let batches = options.batches;
  let plan = deferredPlan(batches);
  let serializeValues = false;
  let probedValues = false;
  let exclusiveParents = false;
  const transactionRetries = backoff({
    retries: options.maxAttempts - 1,
    baseMs: 20,
  });
  // The other call usually ends within tens of milliseconds (it may be creating this call's
  // parents): try again a little later, then alone.
  const busyRetries = backoff({ retries: 2, baseMs: 25 });

  const result = await retrying({
    attempt: () =>
      options.knex.transaction(trx =>
        writePlan({
          trx,
          plan,
          lastSeenRefreshMs: options.lastSeenRefreshMs,
          serializeValues,
          exclusiveParents,
        }),
      ),
    recover: async error => {
      switch (classifyDatabaseError(error)) {
        case 'refusedValue': {
          if (serializeValues || !plan.rows().hasReceivedText) return undefined;
          // PostgreSQL refused the text of some value. First the values that may be out of
          // its range are tried one by one and the refused ones quarantined; if that finds
          // none, the values are serialized here, except those that would not survive it.
          const refused = probedValues
            ? new Map()
            : await findRefusedValues(options.knex, batches);
          probedValues = true;
          if (refused.size === 0) {
            serializeValues = true;
            batches = withRefusedMessages(
              batches,
              findUnserializableValues(batches),
            );
          } else {
            batches = withRefusedMessages(batches, refused);
          }
          // Only readings were quarantined: the parent edges stand, the rows are planned anew.
          plan = deferredPlan(batches, plan.edges);
          return 0;
        }
        case 'hierarchyBusy': {
          // Nothing was written yet: the check is the call's first statement.
          if (exclusiveParents) return undefined;
          const delay = busyRetries.next();
          if (delay === undefined) exclusiveParents = true;
          return delay ?? 0;
        }
        case 'retry':
          return transactionRetries.next();
        default:
          return undefined;
      }
    },
  });
  return { batches, result };
}

/**
 * A plan whose rows are planned inside the write, while the database checks the parents, and
 * kept for the attempts after the first.
 */
function deferredPlan(
  batches: ParsedBatch[],
  edges = planEdges(batches),
): DeferredWritePlan {
  let rows: PlannedRows | undefined;
  return { edges, rows: () => (rows ??= planRows(batches)) };
}

/**
 * The ids of the stored rejections of the batches refused whole, by batch index: one query,
 * only when some batch was refused (the caller tells the sender which row holds its input).
 */
async function findBatchRejectionIds(
  knex: Knex,
  batches: ParsedBatch[],
): Promise<Map<number, string>> {
  const keys = new Map<string, number>();
  for (const batch of batches) {
    if (batch.batchRejected !== undefined) {
      keys.set(batch.rejections[0].dedupe_key, batch.batchIndex);
    }
  }
  const ids = new Map<number, string>();
  if (keys.size === 0) return ids;
  const rows: Array<{ id: string; dedupe_key: string }> = await knex(
    'rejections',
  )
    .select('id', 'dedupe_key')
    .whereIn('dedupe_key', [...keys.keys()]);
  for (const row of rows) ids.set(keys.get(row.dedupe_key)!, String(row.id));
  return ids;
}

function outcomeOf(
  batch: ParsedBatch,
  result: WriteResult,
  rejectionIds: Map<number, string>,
): IngestOutcome {
  if (batch.batchRejected !== undefined) {
    return {
      accepted: 0,
      rejected: 1,
      messages: [],
      batchRejected: batch.batchRejected,
      rejectionId: rejectionIds.get(batch.batchIndex),
    };
  }
  const cycleReasons = new Map<number, string>();
  for (const { edge, reason } of result.cycleRejections) {
    if (edge.message.batchIndex === batch.batchIndex) {
      cycleReasons.set(edge.message.index, reason);
    }
  }
  const messages: IngestMessageOutcome[] = [];
  for (let index = 0; index < batch.messageCount; index++) {
    const reason = batch.rejectedMessages.get(index) ?? cycleReasons.get(index);
    messages.push(
      reason === undefined
        ? { index, status: 'accepted' }
        : { index, status: 'rejected', reason },
    );
  }
  const rejected = messages.filter(m => m.status === 'rejected').length;
  return { accepted: messages.length - rejected, rejected, messages };
}
