import type { PublishMessageInput } from '@cockpit/plugin-cockpit-common';
import { describeZodError } from '@cockpit/plugin-cockpit-common';
import { BatchBuilder, PreparedBatch } from './batching';
import type { Collector } from './collector';
import { createCollectorContext } from './context';
import { CollectorConfigError } from './errors';
import { CollectorLogger, createStreamLogger } from './logger';
import type { Publisher } from './publishers/types';
import { CollectorStateStore, createMemoryStateStore } from './state';

/** What one collector run did. */
export interface CollectorRunSummary {
  collector: string;
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
        await this.publisher.publish(batch);
        this.batches += 1;
        this.bytes += batch.bytes;
        this.messages += batch.messages.length;
        this.onPublished(this);
      }
    } catch (error) {
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
 * Logs progress every `progressEveryMs` (10 s by default). Throws the first invalid message or
 * publish failure (with what was published until then already delivered).
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
}): Promise<CollectorRunSummary> {
  const { collector, publisher } = options;
  const logger = options.logger ?? createStreamLogger({ prefix: collector.id });
  const signal = options.signal ?? new AbortController().signal;
  const started = Date.now();
  const config = parseConfig(collector, options.config);

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

  const ctx = createCollectorContext<TConfig>({
    collectorId: collector.id,
    config,
    logger,
    signal,
    emit,
    flush: () => queue.settle(),
    state: options.state ?? createMemoryStateStore(),
    now: options.now,
  });

  await collector.collect(ctx);
  const last = builder.finish();
  if (last) queue.enqueue(last);
  await queue.settle();
  await publisher.flush();

  const summary: CollectorRunSummary = {
    collector: collector.id,
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

function parseConfig<TConfig>(collector: Collector<TConfig>, raw: unknown): TConfig {
  if (!collector.configSchema) {
    return (raw ?? {}) as TConfig;
  }
  const parsed = collector.configSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new CollectorConfigError(
      `configuration of collector "${collector.id}" is invalid: ${describeZodError(
        parsed.error,
        'config',
      )}`,
    );
  }
  return parsed.data;
}
