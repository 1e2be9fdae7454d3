import type { Knex } from 'knex';
import {
  ingestBatches,
  IngestOutcome,
  isAuthenticationFailure,
  isDatabaseUnavailable,
  ResourceIds,
} from '@cockpit/store';
import type { EventBatch } from './events';
// a type only: the handler builds on this file, not the other way round
import type { SinkLogger } from './handler';

/** Stores the batches of some records in one call of the ingestion core; their outcomes. */
export type IngestRecords = (batches: EventBatch[]) => Promise<IngestOutcome[]>;

/** The records of an event as stored: the ids of those that were not, and the outcomes of the others. */
export interface IngestedRecords {
  failed: string[];
  outcomes: IngestOutcome[];
}

/**
 * One call of the ingestion core for the given records. A refused password most likely means
 * the secret was rotated after the pool was opened: with `reopenDatabase`, read it again once
 * and try again, without waiting for a cold start.
 */
export function ingestWithFreshCredentials(options: {
  getKnex: () => Promise<Knex>;
  reopenDatabase?: () => Promise<void>;
  logger: SinkLogger;
  lastSeenRefreshMs?: number;
  ids: ResourceIds;
}): IngestRecords {
  const { logger } = options;
  const ingestOnce = async (batches: EventBatch[]) =>
    ingestBatches({
      knex: await options.getKnex(),
      batches: batches.map(b => b.batch),
      lastSeenRefreshMs: options.lastSeenRefreshMs,
      ids: options.ids,
    });
  return async batches => {
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
}

/**
 * Ingests every record of an event in ONE call (one transaction). When that call fails, the
 * records are reported failed and nothing of them was committed; unless the database is away
 * (or there is only one record), each record is then tried on its own
 * ({@link ingestOneByOne}) so one record that breaks the write cannot hold back the others.
 */
export async function ingestRecords(
  ingest: IngestRecords,
  batches: EventBatch[],
  logger: SinkLogger,
): Promise<IngestedRecords> {
  try {
    const outcomes = await ingest(batches);
    logOutcomes(logger, batches, outcomes);
    return { failed: [], outcomes };
  } catch (error) {
    logger.error('storing the event failed; its records are reported failed', {
      records: batches.length,
      error: describeError(error),
    });
    if (batches.length === 1 || isDatabaseUnavailable(error)) {
      return { failed: batches.map(b => b.recordId), outcomes: [] };
    }
  }
  return ingestOneByOne(ingest, batches, logger);
}

/** Each record in its own call; once the database is away, the rest are failed without trying. */
async function ingestOneByOne(
  ingest: IngestRecords,
  batches: EventBatch[],
  logger: SinkLogger,
): Promise<IngestedRecords> {
  const outcomes: IngestOutcome[] = [];
  const failed: string[] = [];
  for (const batch of batches) {
    try {
      const results = await ingest([batch]);
      logOutcomes(logger, [batch], results);
      outcomes.push(...results);
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
