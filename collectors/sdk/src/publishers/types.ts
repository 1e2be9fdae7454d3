import type { PreparedBatch } from '../batching';

/**
 * Delivers prepared publish batches somewhere (SNS, the sink Lambda, the REST API, the
 * in-process sink, stdout). Batches are handed over one at a time, in order.
 */
export interface Publisher {
  /** Short name for logs, e.g. `sns:arn:aws:sns:...`. */
  readonly description: string;
  /** The largest batch body (UTF-8 bytes) this publisher accepts for a collector id. */
  maxBatchBytes(collectorId: string): number;
  /** Delivers (or queues, for publishers that group batches) one batch. */
  publish(batch: PreparedBatch): Promise<void>;
  /** Delivers whatever the publisher still holds. */
  flush(): Promise<void>;
}
