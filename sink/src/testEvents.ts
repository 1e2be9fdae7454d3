import type { SinkLogger } from './handler';

/** A logger that keeps what it was told, for assertions. */
export function recordingLogger(): SinkLogger & {
  entries: Array<{
    level: string;
    message: string;
    extra?: Record<string, unknown>;
  }>;
} {
  const entries: Array<{
    level: string;
    message: string;
    extra?: Record<string, unknown>;
  }> = [];
  const at =
    (level: string) =>
    (message: string, ...extra: Array<Record<string, unknown>>) => {
      entries.push({ level, message, extra: extra[0] });
    };
  return {
    entries,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}

/** A publish batch body. */
export function publishBatch(
  messages: unknown[],
  collector = 'test-collector',
): string {
  return JSON.stringify({ schemaVersion: 1, collector, messages });
}

/** An SQS event with raw message delivery on: each body is a publish batch. */
export function sqsEvent(
  records: Array<{ messageId: string; body: string; sentAt?: Date }>,
) {
  return {
    Records: records.map(record => ({
      messageId: record.messageId,
      receiptHandle: `handle-${record.messageId}`,
      body: record.body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(
          (record.sentAt ?? new Date('2026-11-22T10:00:00Z')).getTime(),
        ),
        SenderId: 'AIDASENDER',
        ApproximateFirstReceiveTimestamp: '1795000000000',
      },
      messageAttributes: {},
      md5OfBody: 'md5',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:cockpit-sink',
      awsRegion: 'eu-west-1',
    })),
  };
}

/** The SQS body SNS writes with raw message delivery off. */
export function snsNotificationBody(options: {
  messageId: string;
  message: string;
  timestamp: Date;
}) {
  return JSON.stringify({
    Type: 'Notification',
    MessageId: options.messageId,
    TopicArn: 'arn:aws:sns:eu-west-1:123456789012:cockpit',
    Message: options.message,
    Timestamp: options.timestamp.toISOString(),
    SignatureVersion: '1',
    Signature: 'c2lnbmF0dXJl',
    SigningCertURL: 'https://sns.eu-west-1.amazonaws.com/cert.pem',
    UnsubscribeURL: 'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe',
  });
}

/** An SNS event as a direct subscription delivers it. */
export function snsEvent(
  records: Array<{ messageId: string; message: string; timestamp: Date }>,
) {
  return {
    Records: records.map(record => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:eu-west-1:123456789012:cockpit:sub',
      Sns: {
        Type: 'Notification',
        MessageId: record.messageId,
        TopicArn: 'arn:aws:sns:eu-west-1:123456789012:cockpit',
        Subject: null,
        Message: record.message,
        Timestamp: record.timestamp.toISOString(),
        SignatureVersion: '1',
        Signature: 'c2lnbmF0dXJl',
        SigningCertUrl: 'https://sns.eu-west-1.amazonaws.com/cert.pem',
        UnsubscribeUrl:
          'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe',
        MessageAttributes: {},
      },
    })),
  };
}
