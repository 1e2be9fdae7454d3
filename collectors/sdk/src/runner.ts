import { randomUUID } from 'node:crypto';
import type { PublishMessageInput } from '@cockpit/plugin-cockpit-common';
import { describeZodError } from '@cockpit/plugin-cockpit-common';
import { BatchBuilder } from './batching';
import type { Collector } from './collector';
import { createCollectorContext } from './context';
import { CollectorConfigError } from './errors';
import { CollectorLogger, createStreamLogger } from './logger';
import { PublishQueue } from './publishQueue';
import type { Publisher } from './publishers/types';
import { recordRun } from './runRecord';
import { CollectorStateStore, createMemoryStateStore } from './state';

/** What one collector run did. */
export interface CollectorRunSummary {
  collector: string;
  /** Id of the run, as recorded in its `collector-run` reading. */
  runId: string;
  publisher: string;
  messages: number;
  batches: number;
  /** UTF-8 bytes of every published batch body. */
  bytes: number;
  durationMs: number;
}

/** A publish callback that logs the progress when `everyMs` have passed since it last did. */
function progressReporter(
  logger: CollectorLogger,
  started: number,
  everyMs: number,
): (queue: PublishQueue) => void {
  let lastProgress = started;
  return q => {
    const now = Date.now();
    if (now - lastProgress >= everyMs) {
      lastProgress = now;
      logger.info(
        `published ${q.messages} messages in ${q.batches} batches (${Math.round(
          q.bytes / 1024,
        )} KiB) after ${Math.round((now - started) / 1000)} s`,
      );
    }
  };
}

/**
 * A run's way out: `emit` adds a message to the open batch and queues each batch it closes;
 * `flush` publishes everything emitted so far; `deliverEmitted`, after a failure, publishes what
 * was emitted before it unless publishing is what failed.
 */
function createEmission(options: {
  collector: Collector<any>;
  publisher: Publisher;
  signal: AbortSignal;
  onPublished: (queue: PublishQueue) => void;
}) {
  const { collector, publisher, signal } = options;
  const queue = new PublishQueue(publisher, options.onPublished);
  const builder = new BatchBuilder({
    collector: collector.id,
    maxBatchBytes: publisher.maxBatchBytes(collector.id),
  });

  const emit = (message: PublishMessageInput) => {
    if (queue.failure !== undefined) throw queue.failure;
    signal.throwIfAborted();
    const closed = builder.add(message);
    if (closed) queue.enqueue(closed);
  };

  // Everything emitted so far, published: the open batch closed, the queue settled and the
  // publisher's own buffer (SNS sends up to 10 batches per call) sent. A collector that saves
  // state after `ctx.flush()` knows what it saved about has been delivered.
  const flush = async () => {
    const open = builder.finish();
    if (open) queue.enqueue(open);
    await queue.settle();
    await publisher.flush();
  };

  // what was emitted before a failure is valid (every message is checked as it is
  // emitted): deliver it, unless delivering is what failed
  const deliverEmitted = async () => {
    if (queue.failure !== undefined) return;
    const pending = builder.finish();
    if (pending) queue.enqueue(pending);
    await queue.settle().catch(() => undefined);
  };

  return { queue, emit, flush, deliverEmitted };
}

/**
 * Runs a collector once: parses its configuration, calls `collect`, validates every message,
 * splits them into batches under the publisher's size limit and publishes them in order.
 * Logs progress every `progressEveryMs` (10 s by default). Throws the first invalid message,
 * error of `collect` or publish failure, after delivering every valid message emitted before it.
 *
 * Every run, successful or not, is then recorded through the same publisher as a TIME_SERIES
 * `collector-run` reading on the collector's `Collector` resource (contract section 8), in a
 * batch of its own, unless `recordRun` is false.
 *
 * @example
 * await runCollector({ collector: demoFleetCollector, publisher: createInProcessPublisher({ ingest }) });
 */
export async function runCollector<TConfig>(options: {
  collector: Collector<TConfig>;
  publisher: Publisher;
  /** Raw configuration, parsed by the collector's `configSchema`. */
  config?: unknown;
  signal?: AbortSignal;
  logger?: CollectorLogger;
  state?: CollectorStateStore;
  now?: () => Date;
  progressEveryMs?: number;
  /** Publish the run's `collector-run` record (default true). */
  recordRun?: boolean;
}): Promise<CollectorRunSummary> {
  const { collector, publisher } = options;
  const logger = options.logger ?? createStreamLogger({ prefix: collector.id });
  const signal = options.signal ?? new AbortController().signal;
  const clock = options.now ?? (() => new Date());
  const runId = randomUUID();
  const startedAt = clock();
  const started = Date.now();
  const { queue, emit, flush, deliverEmitted } = createEmission({
    collector,
    publisher,
    signal,
    onPublished: progressReporter(
      logger,
      started,
      options.progressEveryMs ?? 10_000,
    ),
  });
  const record = async (failure?: { error: unknown }) => {
    if (options.recordRun === false) return;
    await recordRun({
      collector,
      publisher,
      logger,
      queue,
      runId,
      startedAt,
      finishedAt: clock(),
      ...failure,
    });
  };

  try {
    const ctx = createCollectorContext<TConfig>({
      collectorId: collector.id,
      config: parseConfig(collector, options.config),
      logger,
      signal,
      emit,
      flush,
      state: options.state ?? createMemoryStateStore(),
      now: options.now,
    });
    await collector.collect(ctx);
    await flush();
  } catch (error) {
    await deliverEmitted();
    await record({ error });
    throw error;
  }
  await record();

  const summary: CollectorRunSummary = {
    collector: collector.id,
    runId,
    publisher: publisher.description,
    messages: queue.messages,
    batches: queue.batches,
    bytes: queue.bytes,
    durationMs: Date.now() - started,
  };
  logger.info(
    `collected ${summary.messages} messages in ${summary.batches} batches to ${summary.publisher} in ${summary.durationMs} ms`,
  );
  return summary;
}

function parseConfig<TConfig>(
  collector: Collector<TConfig>,
  raw: unknown,
): TConfig {
  if (!collector.configSchema) {
    return (raw ?? {}) as TConfig;
  }
  const parsed = collector.configSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new CollectorConfigError(
      `configuration of collector "${
        collector.id
      }" is invalid: ${describeZodError(parsed.error, 'config')}`,
    );
  }
  return parsed.data;
}
