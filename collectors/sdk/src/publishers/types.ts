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
  /**
   * Delivers (or queues, for publishers that group batches) one batch. Publishers that learn
   * how many messages the receiving end refused answer it (counted in the run's record).
   */
  publish(batch: PreparedBatch): Promise<void | PublishOutcome>;
  /** Delivers whatever the publisher still holds. */
  flush(): Promise<void>;
}

/** What a publisher learned about one delivered batch. */
export interface PublishOutcome {
  /** Messages of the batch the receiving end refused (quarantined). */
  rejected?: number;
}
