import { randomUUID } from 'node:crypto';
import type {
  CollectorRunValue,
  PublishMessageInput,
} from '@cockpit/plugin-cockpit-common';
import {
  COLLECTOR_RUN_READING_TYPE,
  describeZodError,
  names,
  RESOURCE_TYPES,
} from '@cockpit/plugin-cockpit-common';
import { BatchBuilder, PreparedBatch } from './batching';
import type { Collector } from './collector';
import {
  createCollectorContext,
  readingMessage,
  resourceMessage,
} from './context';
import { CollectorConfigError, PublishError } from './errors';
import { CollectorLogger, createStreamLogger } from './logger';
import type { Publisher } from './publishers/types';
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

/** Calls `publish` for each batch, one at a time in order, and remembers the first failure. */
class PublishQueue {
  private queue: PreparedBatch[] = [];
  private running: Promise<void> | undefined;
  failure: unknown;
  batches = 0;
  bytes = 0;
  messages = 0;
  /** Messages the receiving end refused, as far as the publisher learns it. */
  rejected = 0;

  constructor(
    private readonly publisher: Publisher,
    private readonly onPublished: (queue: PublishQueue) => void,
  ) {}

  get length() {
    return this.queue.length;
  }

  enqueue(batch: PreparedBatch) {
    this.queue.push(batch);
    if (!this.running) {
      this.running = this.drain();
    }
  }

  private async drain() {
    try {
      while (this.queue.length > 0 && this.failure === undefined) {
        const batch = this.queue.shift()!;
        const outcome = await this.publisher.publish(batch);
        this.rejected += outcome?.rejected ?? 0;
        this.batches += 1;
        this.bytes += batch.bytes;
        this.messages += batch.messages.length;
        this.onPublished(this);
      }
    } catch (error) {
      if (error instanceof PublishError) this.rejected += error.rejected ?? 0;
      this.failure = error;
      this.queue = [];
    } finally {
      this.running = undefined;
    }
  }

  async settle() {
    while (this.running) {
      await this.running;
    }
    if (this.failure !== undefined) throw this.failure;
  }
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

  let lastProgress = started;
  const progressEvery = options.progressEveryMs ?? 10_000;
  const queue = new PublishQueue(publisher, q => {
    const now = Date.now();
    if (now - lastProgress >= progressEvery) {
      lastProgress = now;
      logger.info(
        `published ${q.messages} messages in ${q.batches} batches (${Math.round(
          q.bytes / 1024,
        )} KiB) after ${Math.round((now - started) / 1000)} s`,
      );
    }
  });
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
    // what was emitted before the failure is valid (every message is checked as it is
    // emitted): deliver it, unless delivering is what failed
    if (queue.failure === undefined) {
      const pending = builder.finish();
      if (pending) queue.enqueue(pending);
      await queue.settle().catch(() => undefined);
    }
    if (options.recordRun !== false) {
      await recordRun({
        collector,
        publisher,
        logger,
        queue,
        runId,
        startedAt,
        finishedAt: clock(),
        error,
      });
    }
    throw error;
  }
  if (options.recordRun !== false) {
    await recordRun({
      collector,
      publisher,
      logger,
      queue,
      runId,
      startedAt,
      finishedAt: clock(),
    });
  }

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

/**
 * Publishes the `collector-run` record of a run in a batch of its own. A run that failed is
 * recorded too (the failure may have been the publisher itself: then the record is attempted
 * and its own failure only logged, so the run's error is the one thrown).
 */
async function recordRun(options: {
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
