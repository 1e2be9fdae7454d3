import { MAX_BATCH_BYTES } from '@cockpit/plugin-cockpit-common';
import type { Publisher } from './types';

/**
 * Writes each batch as one line of JSON (NDJSON) to a stream: the dry run of
 * `yarn cockpit collect <id> --dry-run`. Waits for the stream to drain (pipes stay fast and
 * memory flat).
 */
export function createNdjsonPublisher(
  options: {
    stream?: NodeJS.WritableStream;
  } = {},
): Publisher {
  const stream = options.stream ?? process.stdout;
  return {
    description: 'ndjson:stdout',
    maxBatchBytes: () => MAX_BATCH_BYTES,
    async publish(batch) {
      if (!stream.write(`${batch.body}\n`)) {
        await new Promise<void>(resolve =>
          stream.once('drain', () => resolve()),
        );
      }
    },
    async flush() {},
  };
}
