import { CockpitClient, MAX_BATCH_BYTES } from '@cockpit/plugin-cockpit-common';
import { batchOf } from '../batching';
import { PublishError } from '../errors';
import type { Publisher } from './types';

/**
 * Publishes each batch with `POST {baseUrl}/ingest` (the BFF runs the sink's core), with the
 * token as a bearer credential. A batch with rejected messages fails the publish, naming them.
 *
 * @example
 * createHttpPublisher({ baseUrl: 'http://localhost:7007/api/cockpit', token: process.env.COCKPIT_API_TOKEN });
 */
export function createHttpPublisher(options: {
  /** The Cockpit API base, e.g. `http://localhost:7007/api/cockpit`. */
  baseUrl: string;
  token?: string;
  client?: CockpitClient;
}): Publisher {
  const client =
    options.client ?? CockpitClient.forBaseUrl({ baseUrl: options.baseUrl, token: options.token });
  return {
    description: `http:${options.baseUrl}`,
    maxBatchBytes: () => MAX_BATCH_BYTES,
    async publish(batch) {
      let answer;
      try {
        answer = await client.ingest(batchOf(batch));
      } catch (error) {
        throw new PublishError(
          `POST ${options.baseUrl}/ingest failed: ${(error as Error)?.message ?? error}`,
          { cause: error },
        );
      }
      if (answer.rejected > 0) {
        const reasons = answer.messages
          .filter(m => m.status === 'rejected')
          .slice(0, 5)
          .map(m => `messages.${m.index}: ${m.reason ?? 'rejected'}`);
        throw new PublishError(
          `the ingest endpoint rejected ${answer.rejected} of ${batch.messages.length} messages: ${reasons.join('; ')}`,
          { rejected: answer.rejected },
        );
      }
    },
    async flush() {},
  };
}
