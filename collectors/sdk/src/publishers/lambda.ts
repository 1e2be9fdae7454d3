import { createHash } from 'node:crypto';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { MAX_BATCH_BYTES } from '@cockpit/plugin-cockpit-common';
import type { PreparedBatch } from '../batching';
import { PublishError } from '../errors';
import { CollectorLogger, silentLogger } from '../logger';
import {
  backoffDelay,
  defaultSleep,
  isRetryableAwsError,
  RetryOptions,
} from './retry';
import { snsMessageAttributes } from './sns';
import type { Publisher } from './types';

/** A deterministic UUID-shaped id of a body, so replaying the same batch gives the same MessageId. */
function messageIdOf(body: string): string {
  const hex = createHash('sha256').update(body).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(
    12,
    16,
  )}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Builds the SNS event a direct SNS subscription would hand the sink Lambda, one record per
 * batch.
 */
export function syntheticSnsEvent(options: {
  batches: PreparedBatch[];
  topicArn: string;
  timestamp: Date;
}) {
  return {
    Records: options.batches.map(batch => {
      const messageId = messageIdOf(batch.body);
      const attributes = snsMessageAttributes(batch.collector);
      return {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${options.topicArn}:${messageId}`,
        Sns: {
          Type: 'Notification',
          MessageId: messageId,
          TopicArn: options.topicArn,
          Subject: null,
          Message: batch.body,
          Timestamp: options.timestamp.toISOString(),
          SignatureVersion: '1',
          Signature: '',
          SigningCertUrl: '',
          UnsubscribeUrl: '',
          MessageAttributes: Object.fromEntries(
            Object.entries(attributes).map(([name, value]) => [
              name,
              { Type: value.DataType, Value: value.StringValue },
            ]),
          ),
        },
      };
    }),
  };
}

/** The error a function reported in its answer's payload, as `type: message`. */
function functionErrorDetail(payload: Uint8Array | undefined): string {
  if (!payload) return '';
  const text = new TextDecoder().decode(payload);
  try {
    const body = JSON.parse(text);
    return `${body.errorType ?? ''}: ${
      body.errorMessage ?? JSON.stringify(body)
    }`;
  } catch {
    return text;
  }
}

type LambdaPublisherOptions = {
  functionName: string;
  client?: LambdaClient;
  region?: string;
  /** Batches per invocation (default 10; each up to 256 KiB, well under the 6 MB payload limit). */
  batchesPerInvocation?: number;
  /** The TopicArn written into the synthetic records. */
  topicArn?: string;
  logger?: CollectorLogger;
  now?: () => Date;
} & RetryOptions;

/**
 * One synchronous invocation of the sink with its payload; throttling (and other retryable AWS
 * errors) retried with backoff up to `maxAttempts`, a function error or a status other than 200
 * thrown as a `PublishError`.
 */
async function invokeSink(
  client: LambdaClient,
  options: LambdaPublisherOptions,
  payload: Uint8Array,
  batchCount: number,
): Promise<void> {
  const maxAttempts = options.maxAttempts ?? 8;
  const sleep = options.sleep ?? defaultSleep;
  const logger = options.logger ?? silentLogger;
  for (let attempt = 0; ; attempt++) {
    let response;
    try {
      response = await client.send(
        new InvokeCommand({
          FunctionName: options.functionName,
          InvocationType: 'RequestResponse',
          Payload: payload,
        }),
      );
    } catch (error) {
      if (!isRetryableAwsError(error) || attempt + 1 >= maxAttempts) {
        throw new PublishError(
          `Invoke of ${options.functionName} failed after ${
            attempt + 1
          } attempt(s): ${(error as Error)?.message ?? error}`,
          { cause: error },
        );
      }
      const delay = backoffDelay(attempt, options);
      logger.warn(
        `Invoke of ${options.functionName} throttled, retrying in ${delay} ms`,
      );
      await sleep(delay);
      continue;
    }
    if (response.FunctionError) {
      const detail = functionErrorDetail(response.Payload);
      throw new PublishError(
        `sink ${options.functionName} failed (${
          response.FunctionError
        }) on ${batchCount} batch(es)${detail ? ` ${detail}` : ''}`,
      );
    }
    if (response.StatusCode !== undefined && response.StatusCode !== 200) {
      throw new PublishError(
        `Invoke of ${options.functionName} answered status ${response.StatusCode}`,
      );
    }
    return;
  }
}

/**
 * Invokes the sink Lambda directly with a synthetic SNS event (backfills, replays), up to
 * `batchesPerInvocation` batches per call. A `FunctionError` in the answer fails the publish
 * with the function's error message; throttling is retried with backoff and jitter.
 *
 * @example
 * const publisher = createLambdaPublisher({ functionName: 'cockpit-sink' });
 */
export function createLambdaPublisher(
  options: LambdaPublisherOptions,
): Publisher {
  const client = options.client ?? new LambdaClient({ region: options.region });
  const perInvocation = options.batchesPerInvocation ?? 10;
  const topicArn =
    options.topicArn ?? 'arn:aws:sns:local:000000000000:cockpit-replay';
  let pending: PreparedBatch[] = [];

  async function invoke(batches: PreparedBatch[]): Promise<void> {
    const event = syntheticSnsEvent({
      batches,
      topicArn,
      timestamp: (options.now ?? (() => new Date()))(),
    });
    const payload = new TextEncoder().encode(JSON.stringify(event));
    await invokeSink(client, options, payload, batches.length);
  }

  async function sendPending() {
    if (pending.length === 0) return;
    const batches = pending;
    pending = [];
    await invoke(batches);
  }

  return {
    description: `lambda:${options.functionName}`,
    maxBatchBytes: () => MAX_BATCH_BYTES,
    async publish(batch) {
      pending.push(batch);
      if (pending.length >= perInvocation) await sendPending();
    },
    flush: sendPending,
  };
}
