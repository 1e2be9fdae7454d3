import {
  Duration,
  Stack,
  aws_sns as sns,
  aws_sns_subscriptions as subscriptions,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import { CockpitSinkStackProps } from './sinkStackProps';

/** The topic the collectors publish to. */
export function createTopic(stack: Stack): sns.Topic {
  return new sns.Topic(stack, 'Topic', {
    displayName: 'Cockpit publish batches',
    enforceSSL: true,
  });
}

/** The work queue and its dead-letter queue. */
export function createQueues(
  stack: Stack,
  props: CockpitSinkStackProps,
  timeout: Duration,
): [sqs.Queue, sqs.Queue] {
  const deadLetterQueue = new sqs.Queue(stack, 'DeadLetterQueue', {
    retentionPeriod: Duration.days(14),
    enforceSSL: true,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
  });
  const queue = new sqs.Queue(stack, 'Queue', {
    // AWS's advice for Lambda event sources: at least six times the function timeout.
    visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
    retentionPeriod: Duration.days(4),
    enforceSSL: true,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    deadLetterQueue: {
      queue: deadLetterQueue,
      maxReceiveCount: props.maxReceiveCount ?? 5,
    },
  });
  return [queue, deadLetterQueue];
}

/** The queue takes every message of the topic as it was published (raw delivery). */
export function subscribeQueue(topic: sns.Topic, queue: sqs.Queue): void {
  topic.addSubscription(
    new subscriptions.SqsSubscription(queue, {
      rawMessageDelivery: true,
    }),
  );
}
