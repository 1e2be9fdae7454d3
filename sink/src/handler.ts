import type { Knex } from 'knex';
import {
  createResourceIds,
  ingestBatches,
  IngestOutcome,
  isAuthenticationFailure,
  isDatabaseUnavailable,
} from '@cockpit/store';
import { EventBatch, parseLambdaEvent } from './events';
import type { SinkMetrics } from './metrics';

/** What the handler logs through: Powertools' Logger fits, and so does a plain stderr logger. */
export interface SinkLogger {
  debug(message: string, ...extra: Array<Record<string, unknown>>): void;
  info(message: string, ...extra: Array<Record<string, unknown>>): void;
  warn(message: string, ...extra: Array<Record<string, unknown>>): void;
  error(message: string, ...extra: Array<Record<string, unknown>>): void;
}

/** The partial batch response an SQS event source mapping with `ReportBatchItemFailures` reads. */
export interface SqsBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/** What the handler answers to an SNS event (SNS ignores it; `sink invoke` prints it). */
export interface SnsInvocationSummary {
  accepted: number;
  rejected: number;
  batchesRejected: number;
}

/** The sink Lambda handler: an SNS or SQS event in, SQS partial failures (or a summary) out. */
export type SinkHandler = (
  event: unknown,
) => Promise<SqsBatchResponse | SnsInvocationSummary>;

/** Thrown to AWS when records of a direct SNS invocation could not be stored: SNS retries them. */
export class SinkIngestError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SinkIngestError';
  }
}

/** Logs the batches the sink refused, and the messages it quarantined, of one call. */
function logOutcomes(
  logger: SinkLogger,
  batches: EventBatch[],
  outcomes: IngestOutcome[],
): void {
  outcomes.forEach((outcome, i) => {
    const { source } = batches[i].batch;
    if (outcome.batchRejected !== undefined) {
      logger.warn('batch rejected', {
        source,
        reason: outcome.batchRejected,
      });
    } else if (outcome.rejected > 0) {
      logger.warn('messages rejected', {
        source,
        accepted: outcome.accepted,
        rejected: outcome.rejected,
        reasons: outcome.messages
          .filter(m => m.status === 'rejected')
          .slice(0, 10)
          .map(m => `${m.index}: ${m.reason}`),
      });
    }
  });
}

/** The counts of an invocation's outcomes. */
function summarize(outcomes: IngestOutcome[]) {
  return outcomes.reduce(
    (sum, o) => ({
      accepted: sum.accepted + o.accepted,
      rejected: sum.rejected + (o.batchRejected === undefined ? o.rejected : 0),
      batchesRejected:
        sum.batchesRejected + (o.batchRejected === undefined ? 0 : 1),
    }),
    { accepted: 0, rejected: 0, batchesRejected: 0 },
  );
}

/**
 * Builds the sink handler. All records of one event go through ONE call of the ingestion
 * core (one transaction, a constant number of statements). When that call fails, records
 * are reported failed and nothing of them was committed; unless the database is away, each
 * record is then retried on its own so one record that breaks the write cannot hold back the
 * others.
 *
 * @example
 * const database = lazySinkDatabase();
 * export const handler = createSinkHandler({ getKnex: database, reopenDatabase: database.reopen, logger: new Logger() });
 */
export function createSinkHandler(options: {
  getKnex: () => Promise<Knex>;
  /**
   * Forgets the open database so the next `getKnex` reads the secret again (see
   * `LazySinkDatabase.reopen`); called once when the database refuses the credentials.
   */
  reopenDatabase?: () => Promise<void>;
  logger: SinkLogger;
  /** Counts of each invocation (accepted, quarantined, failed); none when unset. */
  metrics?: SinkMetrics;
  /** See `ingestBatches`; default one minute. */
  lastSeenRefreshMs?: number;
}): SinkHandler {
  const { logger } = options;
  // Kept by the warm function: collectors name the same resources on every run.
  const ids = createResourceIds();

  const ingestOnce = async (batches: EventBatch[]) =>
    ingestBatches({
      knex: await options.getKnex(),
      batches: batches.map(b => b.batch),
      lastSeenRefreshMs: options.lastSeenRefreshMs,
      ids,
    });
  // A refused password most likely means the secret was rotated after the pool was opened:
  // read it again once and try again, without waiting for a cold start.
  const ingest = async (batches: EventBatch[]) => {
    try {
      return await ingestOnce(batches);
    } catch (error) {
      if (!options.reopenDatabase || !isAuthenticationFailure(error))
        throw error;
      logger.warn(
        'the database refused the credentials; reading the secret again',
        {
          error: describeError(error),
        },
      );
      await options.reopenDatabase();
      return ingestOnce(batches);
    }
  };

  /** Ingests every batch: the ids of the records that were not stored, and the outcomes of the others. */
  const ingestAll = async (
    batches: EventBatch[],
  ): Promise<{ failed: string[]; outcomes: IngestOutcome[] }> => {
    const outcomes: IngestOutcome[] = [];
    const report = (reported: EventBatch[], results: IngestOutcome[]) => {
      logOutcomes(logger, reported, results);
      outcomes.push(...results);
    };
    try {
      report(batches, await ingest(batches));
      return { failed: [], outcomes };
    } catch (error) {
      logger.error(
        'storing the event failed; its records are reported failed',
        {
          records: batches.length,
          error: describeError(error),
        },
      );
      if (batches.length === 1 || isDatabaseUnavailable(error)) {
        return { failed: batches.map(b => b.recordId), outcomes };
      }
    }
    const failed: string[] = [];
    for (const batch of batches) {
      try {
        report([batch], await ingest([batch]));
      } catch (error) {
        logger.error('storing a record failed', {
          recordId: batch.recordId,
          source: batch.batch.source,
          error: describeError(error),
        });
        failed.push(batch.recordId);
        if (isDatabaseUnavailable(error)) {
          failed.push(
            ...batches.slice(batches.indexOf(batch) + 1).map(b => b.recordId),
          );
          break;
        }
      }
    }
    return { failed, outcomes };
  };

  return async event => {
    const parsed = parseLambdaEvent(event);
    const { failed, outcomes } = await ingestAll(parsed.batches);
    const summary = summarize(outcomes);
    options.metrics?.recordInvocation({
      accepted: summary.accepted,
      quarantined: summary.rejected + summary.batchesRejected,
      failed: failed.length,
    });
    logger.info('event ingested', {
      kind: parsed.kind,
      records: parsed.batches.length,
      failedRecords: failed.length,
      ...summary,
    });
    if (parsed.kind === 'sqs') {
      return {
        batchItemFailures: failed.map(itemIdentifier => ({ itemIdentifier })),
      };
    }
    if (failed.length > 0) {
      throw new SinkIngestError(
        `${failed.length} of ${
          parsed.batches.length
        } SNS records were not stored: ${failed.join(', ')}`,
      );
    }
    return summary;
  };
}

function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    return {
      name: error.name,
      message: error.message,
      code: (error as any).code,
    };
  }
  return { message: String(error) };
}
