import type {
  IngestMessageOutcome,
  IngestResponse,
} from '@cockpit/plugin-cockpit-common';

export type { IngestMessageOutcome };

/** One publish batch as it reached Cockpit, with where and when it came in. */
export interface IngestBatchInput {
  /** The batch as received: a JSON string (SNS Message / SQS body) or an already parsed object. */
  body: string | unknown;
  /** Where it came from, e.g. `sqs:<messageId>`, `sns:<MessageId>`, `http`, `local`; stable across redeliveries. */
  source: string;
  /** Fallback collectedAt for readings without one (the SNS notification Timestamp; same on every redelivery). */
  receivedAt: Date;
}

/** What became of one batch: counts and a verdict per message (the type of `POST /ingest`'s answer). */
export type IngestOutcome = IngestResponse;
