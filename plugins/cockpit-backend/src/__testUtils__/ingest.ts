import type { Knex } from 'knex';
import {
  PublishMessageInput,
  SCHEMA_VERSION,
} from '@cockpit/plugin-cockpit-common';
import { ingestBatches } from '@cockpit/store';

/**
 * Writes messages through the sink's ingest core (validation, parents, snapshot rules), as a
 * collector's batch would arrive; fails the test when any message is refused.
 */
export async function ingestMessages(
  knex: Knex,
  messages: PublishMessageInput[],
  collector = 'test-collector',
): Promise<void> {
  const outcomes = await ingestBatches({
    knex,
    batches: [
      {
        body: JSON.stringify({
          schemaVersion: SCHEMA_VERSION,
          collector,
          messages,
        }),
        source: 'test',
        receivedAt: new Date(),
      },
    ],
  });
  const refused = outcomes.filter(o => o.rejected > 0 || o.batchRejected);
  if (refused.length > 0)
    throw new Error(`ingest refused messages: ${JSON.stringify(refused)}`);
}
