import type { Knex } from 'knex';
import { createResourceIds, ingestBatches } from '@cockpit/store';
import { BatchRejectedError } from './errors';
import type { IngestBody } from './routeSpec';

/**
 * `POST /ingest` through the sink core (`ingestBatches`): the one code path every way data
 * comes in takes. The raw body goes in as received, so invalid JSON is quarantined too (and
 * answered 400 with the id of the stored rejection).
 */
export function createIngest(options: { knex: Knex }): IngestBody {
  // Kept between requests: collectors name the same resources on every run.
  const ids = createResourceIds();
  return async body => {
    const [outcome] = await ingestBatches({
      knex: options.knex,
      batches: [{ body, source: 'http', receivedAt: new Date() }],
      ids,
    });
    if (outcome.batchRejected !== undefined) {
      throw new BatchRejectedError(outcome.batchRejected, outcome.rejectionId);
    }
    return outcome;
  };
}
