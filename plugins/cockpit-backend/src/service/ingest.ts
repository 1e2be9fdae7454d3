import type { Knex } from 'knex';
import { ingestBatches } from '@cockpit/store';
import type { IngestBody } from './routes';

/**
 * `POST /ingest` through the sink core (`ingestBatches`): the one code path every way data
 * comes in takes. The raw body goes in as received, so invalid JSON is quarantined too.
 */
export function createIngest(options: { knex: Knex }): IngestBody {
  return async body => {
    const [outcome] = await ingestBatches({
      knex: options.knex,
      batches: [{ body, source: 'http', receivedAt: new Date() }],
    });
    return outcome;
  };
}
