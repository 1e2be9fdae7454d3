import {
  MessageAttributeValue,
  PublishBatchCommand,
  PublishBatchRequestEntry,
  SNSClient,
} from '@aws-sdk/client-sns';
import {
  MAX_BATCH_BYTES,
  SCHEMA_VERSION,
  utf8ByteLength,
} from '@cockpit/plugin-cockpit-common';
import type { PreparedBatch } from '../batching';
import { PublishError } from '../errors';
import type { CollectorLogger } from '../logger';
import { silentLogger } from '../logger';
import {
  backoffDelay,
  defaultSleep,
  isRetryableAwsError,
  RetryOptions,
} from './retry';
import type { Publisher } from './types';

/** SNS accepts at most this many entries in one PublishBatch call. */
export const SNS_MAX_BATCH_ENTRIES = 10;

/** The message attributes every Cockpit SNS message carries. */
export function snsMessageAttributes(
  collector: string,
): Record<string, MessageAttributeValue> {
  return {
    collector: { DataType: 'String', StringValue: collector },
    schemaVersion: { DataType: 'Number', StringValue: String(SCHEMA_VERSION) },
  };
}

/**
 * Size of message attributes as SNS counts them towards the message size: the UTF-8 bytes
 * of each attribute's name, data type and value.
 */
export function snsAttributesBytes(
  attributes: Record<string, MessageAttributeValue>,
): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(attributes)) {
    bytes += utf8ByteLength(name) + utf8ByteLength(value.DataType ?? '');
    if (value.StringValue !== undefined)
      bytes += utf8ByteLength(value.StringValue);
    if (value.BinaryValue !== undefined) bytes += value.BinaryValue.byteLength;
  }
  return bytes;
}

interface PendingEntry {
  entry: PublishBatchRequestEntry;
  bytes: number;
}

/**
 * One PublishBatch call with its retries: throttling and other retryable errors, then the
 * `Failed` entries of a partial result, with backoff; a sender fault fails at once.
 */
async function publishEntries(options: {
  client: SNSClient;
  topicArn: string;
  entries: PendingEntry[];
  retry: RetryOptions & {
    maxAttempts: number;
    sleep: (ms: number) => Promise<void>;
  };
  logger: CollectorLogger;
}): Promise<void> {
  const { client, entries, logger } = options;
  const { maxAttempts, sleep } = options.retry;
  let remaining = entries.map(e => e.entry);
  for (let attempt = 0; ; attempt++) {
    let failed: {
      Id?: string;
      Code?: string;
      Message?: string;
      SenderFault?: boolean;
    }[];
    try {
      const response = await client.send(
        new PublishBatchCommand({
          TopicArn: options.topicArn,
          PublishBatchRequestEntries: remaining,
        }),
      );
      failed = response.Failed ?? [];
    } catch (error) {
      if (!isRetryableAwsError(error) || attempt + 1 >= maxAttempts) {
        throw new PublishError(
          `SNS PublishBatch to ${options.topicArn} failed after ${
            attempt + 1
          } attempt(s): ${(error as Error)?.message ?? error}`,
          { cause: error },
        );
      }
      const delay = backoffDelay(attempt, options.retry);
      logger.warn(
        `SNS PublishBatch throttled or failed, retrying in ${delay} ms`,
        {
          error: (error as Error)?.name,
        },
      );
      await sleep(delay);
      continue;
    }
    if (failed.length === 0) return;
    const senderFaults = failed.filter(f => f.SenderFault);
    if (senderFaults.length > 0) {
      throw new PublishError(
        `SNS refused ${
          senderFaults.length
        } batch(es) as sender faults: ${senderFaults
          .map(f => `${f.Id}: ${f.Code} ${f.Message ?? ''}`.trim())
          .join('; ')}`,
      );
    }
    const failedIds = new Set(failed.map(f => f.Id));
    remaining = remaining.filter(entry => failedIds.has(entry.Id));
    if (attempt + 1 >= maxAttempts) {
      throw new PublishError(
        `SNS PublishBatch left ${
          remaining.length
        } batch(es) unpublished after ${maxAttempts} attempts: ${failed
          .map(f => `${f.Id}: ${f.Code}`)
          .join('; ')}`,
      );
    }
    const delay = backoffDelay(attempt, options.retry);
    logger.warn(
      `SNS PublishBatch failed for ${remaining.length} entries, retrying in ${delay} ms`,
    );
    await sleep(delay);
  }
}

/**
 * Publishes batches to an SNS topic with PublishBatch: at most 10 entries and
 * `maxRequestBytes` (256 KiB, bodies plus attributes as SNS counts them) per call. Throttling
 * and the `Failed` entries of a partial result are retried with exponential backoff and full
 * jitter; a sender fault (our fault) is not retried.
 *
 * @example
 * const publisher = createSnsPublisher({ topicArn: process.env.COCKPIT_SNS_TOPIC_ARN! });
 */
export function createSnsPublisher(
  options: {
    topicArn: string;
    client?: SNSClient;
    region?: string;
    /** Total bytes of one PublishBatch call (default 256 KiB, the SNS limit). */
    maxRequestBytes?: number;
    logger?: CollectorLogger;
  } & RetryOptions,
): Publisher {
  const client = options.client ?? new SNSClient({ region: options.region });
  const maxRequestBytes = options.maxRequestBytes ?? MAX_BATCH_BYTES;
  const maxAttempts = options.maxAttempts ?? 8;
  const sleep = options.sleep ?? defaultSleep;
  const logger = options.logger ?? silentLogger;
  let pending: PendingEntry[] = [];
  let pendingBytes = 0;
  let sequence = 0;

  async function sendPending(): Promise<void> {
    if (pending.length === 0) return;
    const entries = pending;
    pending = [];
    pendingBytes = 0;
    await publishEntries({
      client,
      topicArn: options.topicArn,
      entries,
      retry: { ...options, maxAttempts, sleep },
      logger,
    });
  }

  return {
    description: `sns:${options.topicArn}`,
    maxBatchBytes(collectorId) {
      return (
        maxRequestBytes - snsAttributesBytes(snsMessageAttributes(collectorId))
      );
    },
    async publish(batch: PreparedBatch) {
      const attributes = snsMessageAttributes(batch.collector);
      const bytes = batch.bytes + snsAttributesBytes(attributes);
      if (bytes > maxRequestBytes) {
        throw new PublishError(
          `a batch of ${batch.messages.length} messages is ${bytes} bytes with its attributes, over the SNS limit of ${maxRequestBytes}`,
        );
      }
      if (
        pending.length >= SNS_MAX_BATCH_ENTRIES ||
        pendingBytes + bytes > maxRequestBytes
      ) {
        await sendPending();
      }
      pending.push({
        entry: {
          Id: `b${sequence++}`,
          Message: batch.body,
          MessageAttributes: attributes,
        },
        bytes,
      });
      pendingBytes += bytes;
      if (pending.length >= SNS_MAX_BATCH_ENTRIES) {
        await sendPending();
      }
    },
    flush: sendPending,
  };
}
