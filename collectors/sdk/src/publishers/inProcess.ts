import { MAX_BATCH_BYTES, PublishBatch } from '@cockpit/plugin-cockpit-common';
import { batchOf } from '../batching';
import type { Publisher } from './types';

/**
 * Hands each batch to a function in the same process: local mode, where the backend wires
 * `ingest` to the sink's core. The SDK itself never touches the store.
 *
 * @example
 * createInProcessPublisher({ ingest: batch => sinkCore.ingestBatch({ batch, source: 'local' }) })
 */
export function createInProcessPublisher(options: {
  /** Ingests one batch; an answer with a numeric `rejected` (the sink core's outcome) is counted in the run's record. */
  ingest: (batch: PublishBatch) => Promise<unknown>;
}): Publisher {
  return {
    description: 'in-process',
    maxBatchBytes: () => MAX_BATCH_BYTES,
    async publish(batch) {
      const answer = await options.ingest(batchOf(batch));
      // the sink core answers how many messages it quarantined
      const rejected = (answer as { rejected?: unknown } | undefined)?.rejected;
      return typeof rejected === 'number' ? { rejected } : undefined;
    },
    async flush() {},
  };
}
