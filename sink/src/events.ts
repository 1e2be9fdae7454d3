import { z } from 'zod';
import type { IngestBatchInput } from '@cockpit/store';

/**
 * The parts of the Lambda events the sink reads. Deliberately lenient about everything else
 * (signatures, URLs, attributes) so that replay events built by the collector SDK's Lambda
 * publisher and hand-written events for `yarn cockpit sink invoke` are accepted as well as
 * the events AWS sends.
 */
const SqsRecordSchema = z.object({
  eventSource: z.literal('aws:sqs'),
  messageId: z.string().min(1),
  body: z.string(),
  attributes: z
    .object({
      SentTimestamp: z.string().regex(/^\d+$/).optional(),
      ApproximateFirstReceiveTimestamp: z.string().regex(/^\d+$/).optional(),
    })
    .optional(),
});

/** An SQS event as delivered by an event source mapping. */
export const SqsEventSchema = z.object({
  Records: z.array(SqsRecordSchema).min(1),
});

/** An SNS event as delivered by a direct subscription. */
export const SnsEventSchema = z.object({
  Records: z
    .array(
      z.object({
        EventSource: z.literal('aws:sns'),
        Sns: z.object({
          MessageId: z.string().min(1),
          Message: z.string(),
          Timestamp: z.iso.datetime({ offset: true }),
        }),
      }),
    )
    .min(1),
});

/** The body of an SQS message that SNS delivered with raw message delivery off. */
const SnsNotificationBodySchema = z.object({
  Type: z.literal('Notification'),
  MessageId: z.string().min(1),
  Message: z.string(),
  Timestamp: z.iso.datetime({ offset: true }),
});

/** Thrown for an event that is neither an SNS nor an SQS event: nothing can be acknowledged. */
export class SinkEventError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SinkEventError';
  }
}

/** One record of an event, turned into a batch for the ingestion core. */
export interface EventBatch {
  /** The SQS messageId (for `batchItemFailures`) or the SNS MessageId. */
  recordId: string;
  batch: IngestBatchInput;
}

/** The batches of a Lambda event, and which kind of event it was. */
export type ParsedEvent =
  | { kind: 'sqs'; batches: EventBatch[] }
  | { kind: 'sns'; batches: EventBatch[] };

/**
 * Reads an SNS or SQS event into batches for `ingestBatches`. An SQS body that is an SNS
 * notification (raw message delivery off) is unwrapped, so the same notification has the
 * same source (`sns:<MessageId>`) and fallback time (its `Timestamp`) on every path.
 */
export function parseLambdaEvent(event: unknown): ParsedEvent {
  const sqs = SqsEventSchema.safeParse(event);
  if (sqs.success) {
    return {
      kind: 'sqs',
      batches: sqs.data.Records.map(record => ({
        recordId: record.messageId,
        batch: sqsRecordBatch(record),
      })),
    };
  }
  const sns = SnsEventSchema.safeParse(event);
  if (sns.success) {
    return {
      kind: 'sns',
      batches: sns.data.Records.map(({ Sns }) => ({
        recordId: Sns.MessageId,
        batch: {
          body: Sns.Message,
          source: `sns:${Sns.MessageId}`,
          receivedAt: new Date(Sns.Timestamp),
        },
      })),
    };
  }
  const looksLikeSqs =
    Array.isArray((event as any)?.Records) &&
    (event as any).Records.some((r: any) => r?.eventSource === 'aws:sqs');
  const error = looksLikeSqs ? sqs.error : sns.error;
  throw new SinkEventError(
    `not an SNS or SQS event: ${error.issues
      .slice(0, 3)
      .map(i => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ')}`,
  );
}

function sqsRecordBatch(
  record: z.infer<typeof SqsRecordSchema>,
): IngestBatchInput {
  const notification = snsNotificationIn(record.body);
  if (notification) {
    return {
      body: notification.Message,
      source: `sns:${notification.MessageId}`,
      receivedAt: new Date(notification.Timestamp),
    };
  }
  const sent =
    record.attributes?.SentTimestamp ??
    record.attributes?.ApproximateFirstReceiveTimestamp;
  return {
    body: record.body,
    source: `sqs:${record.messageId}`,
    // SentTimestamp is the same on every receive of the message.
    receivedAt: sent ? new Date(Number(sent)) : new Date(),
  };
}

function snsNotificationIn(
  body: string,
): z.infer<typeof SnsNotificationBodySchema> | undefined {
  // Cheap test first, on the head only (a body is up to 256 KB): SNS writes "Type" as the
  // first member of a notification, and a publish batch never has one.
  if (!body.slice(0, 200).includes('"Notification"')) return undefined;
  try {
    const parsed = SnsNotificationBodySchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
