import type { CollectorRunValue } from '@cockpit/plugin-cockpit-common';
import {
  COLLECTOR_RUN_READING_TYPE,
  names,
  RESOURCE_TYPES,
} from '@cockpit/plugin-cockpit-common';
import { BatchBuilder } from './batching';
import type { Collector } from './collector';
import { readingMessage, resourceMessage } from './context';
import type { CollectorLogger } from './logger';
import type { PublishQueue } from './publishQueue';
import type { Publisher } from './publishers/types';

/**
 * Publishes the `collector-run` record of a run in a batch of its own. A run that failed is
 * recorded too (the failure may have been the publisher itself: then the record is attempted
 * and its own failure only logged, so the run's error is the one thrown).
 */
export async function recordRun(options: {
  collector: Collector<any>;
  publisher: Publisher;
  logger: CollectorLogger;
  queue: PublishQueue;
  runId: string;
  startedAt: Date;
  finishedAt: Date;
  error?: unknown;
}): Promise<void> {
  const { collector, publisher, queue, error } = options;
  const value: CollectorRunValue = {
    runId: options.runId,
    startedAt: options.startedAt.toISOString(),
    finishedAt: options.finishedAt.toISOString(),
    status: error === undefined ? 'OK' : 'FAILED',
    messages: queue.messages,
    batches: queue.batches,
    ...(queue.rejected > 0 ? { rejected: queue.rejected } : {}),
    ...(error !== undefined ? { error: describeError(error) } : {}),
    schedule: collector.schedule,
    publisher: publisher.description,
  };
  const resource = {
    type: RESOURCE_TYPES.Collector,
    name: names.collector({ collectorId: collector.id }),
  };
  try {
    const builder = new BatchBuilder({
      collector: collector.id,
      maxBatchBytes: publisher.maxBatchBytes(collector.id),
    });
    builder.add(resourceMessage(resource));
    // collectedAt is the start: one point per run, and a redelivered record stays one point
    builder.add(
      readingMessage({
        type: COLLECTOR_RUN_READING_TYPE,
        resource,
        value,
        collectedAt: options.startedAt,
      }),
    );
    await publisher.publish(builder.finish()!);
    await publisher.flush();
  } catch (recordError) {
    if (error === undefined) throw recordError;
    options.logger.warn(
      `could not record the failed run: ${describeError(recordError)}`,
    );
  }
}

/** The error's message, capped so the record always fits its batch. */
function describeError(error: unknown): string {
  const text =
    error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 4000 ? `${text.slice(0, 4000)}...` : text;
}
