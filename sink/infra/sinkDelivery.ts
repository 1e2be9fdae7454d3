import {
  Duration,
  Stack,
  aws_lambda as lambda,
  aws_lambda_destinations as destinations,
  aws_lambda_event_sources as eventSources,
  aws_sns as sns,
  aws_sns_subscriptions as subscriptions,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import { addAlarm } from './sinkAlarms';

/** The queue feeds the function in batches, reporting partial failures, at most `maxConcurrency` at once. */
export function feedFromQueue(
  sinkFunction: lambda.Function,
  queue: sqs.Queue,
  maxConcurrency: number,
): void {
  sinkFunction.addEventSource(
    new eventSources.SqsEventSource(queue, {
      batchSize: 10,
      maxBatchingWindow: Duration.seconds(1),
      reportBatchItemFailures: true,
      maxConcurrency,
    }),
  );
}

/**
 * The topic also invokes the function directly. Direct delivery is asynchronous invocation:
 * failures are retried by Lambda, then kept in a queue of their own, which an alarm watches.
 */
export function subscribeDirectly(
  stack: Stack,
  sink: {
    topic: sns.Topic;
    sinkFunction: lambda.Function;
    alarmTopic: sns.Topic;
  },
): void {
  const directFailures = new sqs.Queue(stack, 'DirectDeliveryFailures', {
    retentionPeriod: Duration.days(14),
    enforceSSL: true,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
  });
  sink.sinkFunction.configureAsyncInvoke({
    retryAttempts: 2,
    onFailure: new destinations.SqsDestination(directFailures),
  });
  sink.topic.addSubscription(
    new subscriptions.LambdaSubscription(sink.sinkFunction),
  );
  addAlarm(stack, sink.alarmTopic, 'DirectDeliveryFailuresAlarm', {
    metric: directFailures.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
    }),
    threshold: 0,
    description: 'Direct SNS deliveries to the sink failed after retries',
  });
}
