import type { PreparedBatch } from './batching';
import { PublishError } from './errors';
import type { Publisher } from './publishers/types';

/** Calls `publish` for each batch, one at a time in order, and remembers the first failure. */
export class PublishQueue {
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
