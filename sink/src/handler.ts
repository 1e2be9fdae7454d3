import type { Knex } from 'knex';
import { createResourceIds, IngestOutcome } from '@cockpit/store';
import { parseLambdaEvent, ParsedEvent } from './events';
import { ingestRecords, ingestWithFreshCredentials } from './ingestRecords';
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

/** The counts of an invocation's outcomes. */
function summarize(outcomes: IngestOutcome[]): SnsInvocationSummary {
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

/** Counts the invocation in the metrics and logs what it did. */
function reportInvocation(
  options: { logger: SinkLogger; metrics?: SinkMetrics },
  parsed: ParsedEvent,
  failed: string[],
  summary: SnsInvocationSummary,
): void {
  options.metrics?.recordInvocation({
    accepted: summary.accepted,
    quarantined: summary.rejected + summary.batchesRejected,
    failed: failed.length,
  });
  options.logger.info('event ingested', {
    kind: parsed.kind,
    records: parsed.batches.length,
    failedRecords: failed.length,
    ...summary,
  });
}

/**
 * The answer to AWS: for SQS, the records that failed (they come back); for SNS, the summary,
 * or a {@link SinkIngestError} when records failed, so SNS retries them.
 */
function answer(
  parsed: ParsedEvent,
  failed: string[],
  summary: SnsInvocationSummary,
): SqsBatchResponse | SnsInvocationSummary {
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
}

/**
 * Builds the sink handler. All records of one event go through ONE call of the ingestion
 * core (one transaction, a constant number of statements). When that call fails, records
 * are reported failed and nothing of them was committed; unless the database is away, each
 * record is then retried on its own so one record that breaks the write cannot hold back the
 * others (see `ingestRecords`).
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
  const ingest = ingestWithFreshCredentials({
    getKnex: options.getKnex,
    reopenDatabase: options.reopenDatabase,
    logger: options.logger,
    lastSeenRefreshMs: options.lastSeenRefreshMs,
    // Kept by the warm function: collectors name the same resources on every run.
    ids: createResourceIds(),
  });
  return async event => {
    const parsed = parseLambdaEvent(event);
    const { failed, outcomes } = await ingestRecords(
      ingest,
      parsed.batches,
      options.logger,
    );
    const summary = summarize(outcomes);
    reportInvocation(options, parsed, failed, summary);
    return answer(parsed, failed, summary);
  };
}
