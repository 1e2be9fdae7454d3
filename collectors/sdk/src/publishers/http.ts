import {
  CockpitClient,
  IngestResponse,
  MAX_BATCH_BYTES,
  PublishBatchInput,
} from '@cockpit/plugin-cockpit-common';
import { batchOf } from '../batching';
import { PublishError } from '../errors';
import { backoffDelay, defaultSleep, RetryOptions } from './retry';
import type { Publisher } from './types';

/** What `POST /ingest` made of one batch. */
export type HttpIngestAnswer =
  /** 200 (every message landed) or 207 (`rejected` > 0: some were quarantined). */
  | { kind: 'ingested'; outcome: IngestResponse }
  /** 400: the body is not a publish batch; it is stored as received, as rejection `rejectionId`. */
  | { kind: 'batchRejected'; reason: string; rejectionId?: string };

/** Longest wait a `Retry-After` header may impose, in ms. */
const MAX_RETRY_AFTER_MS = 30_000;

/**
 * Sends one batch with `POST /ingest`, as every HTTP client of Cockpit should: a 5xx answer
 * (503 when the database is unavailable, honouring `Retry-After`), a 429 or a network failure
 * is tried again with exponential backoff; a 4xx answer never is (sending the same body again
 * cannot succeed). A 400 means the body is not a publish batch, and is answered, not thrown.
 *
 * @throws PublishError on any other 4xx, and when the retries are spent
 */
export async function ingestOverHttp(options: {
  client: CockpitClient;
  batch: PublishBatchInput;
  /** Where it goes, for error messages. */
  description: string;
  retry?: RetryOptions;
}): Promise<HttpIngestAnswer> {
  const retry = options.retry ?? {};
  const maxAttempts = retry.maxAttempts ?? 6;
  const sleep = retry.sleep ?? defaultSleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return {
        kind: 'ingested',
        outcome: await options.client.ingest(options.batch),
      };
    } catch (error) {
      const status = statusOf(error);
      if (status === 400) {
        const body = (
          error as {
            body?: { error?: { message?: string; rejectionId?: string } };
          }
        ).body?.error;
        return {
          kind: 'batchRejected',
          reason: body?.message ?? String(error),
          rejectionId: body?.rejectionId,
        };
      }
      const retryable = status === undefined || status === 429 || status >= 500;
      if (!retryable || attempt + 1 >= maxAttempts) {
        throw new PublishError(
          `POST ${options.description}/ingest failed${
            retryable ? ` after ${attempt + 1} attempts` : ''
          }: ${(error as Error)?.message ?? error}`,
          { cause: error },
        );
      }
      await sleep(Math.max(backoffDelay(attempt, retry), retryAfterMs(error)));
    }
  }
}

/** The HTTP status of a client error, or undefined for a network failure. */
function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function retryAfterMs(error: unknown): number {
  const header = (
    error as { response?: { headers?: Headers } }
  )?.response?.headers?.get?.('retry-after');
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds > 0
    ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS)
    : 0;
}

/**
 * Publishes each batch with `POST {baseUrl}/ingest` (the BFF runs the sink's core), with the
 * token as a bearer credential, retrying 5xx answers and network failures (see
 * {@link ingestOverHttp}). A batch with rejected messages (207) or refused whole (400) fails
 * the publish, naming them.
 *
 * @example
 * createHttpPublisher({ baseUrl: 'http://localhost:7007/api/cockpit', token: process.env.COCKPIT_API_TOKEN });
 */
export function createHttpPublisher(options: {
  /** The Cockpit API base, e.g. `http://localhost:7007/api/cockpit`. */
  baseUrl: string;
  token?: string;
  client?: CockpitClient;
  retry?: RetryOptions;
}): Publisher {
  const client =
    options.client ??
    CockpitClient.forBaseUrl({
      baseUrl: options.baseUrl,
      token: options.token,
    });
  return {
    description: `http:${options.baseUrl}`,
    maxBatchBytes: () => MAX_BATCH_BYTES,
    async publish(batch) {
      const answer = await ingestOverHttp({
        client,
        batch: batchOf(batch),
        description: options.baseUrl,
        retry: options.retry,
      });
      if (answer.kind === 'batchRejected') {
        throw new PublishError(
          `the ingest endpoint refused the batch: ${answer.reason}`,
          { rejected: batch.messages.length },
        );
      }
      const { outcome } = answer;
      if (outcome.rejected > 0) {
        const reasons = outcome.messages
          .filter(m => m.status === 'rejected')
          .slice(0, 5)
          .map(m => `messages.${m.index}: ${m.reason ?? 'rejected'}`);
        throw new PublishError(
          `the ingest endpoint rejected ${outcome.rejected} of ${
            batch.messages.length
          } messages: ${reasons.join('; ')}`,
          { rejected: outcome.rejected },
        );
      }
    },
    async flush() {},
  };
}
