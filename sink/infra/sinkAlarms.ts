import {
  Duration,
  Stack,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as cloudwatchActions,
  aws_lambda as lambda,
  aws_sns as sns,
  aws_sns_subscriptions as subscriptions,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import { SINK_METRIC_NAMES } from '../src/metrics';
import { CockpitSinkStackProps } from './sinkStackProps';

/** What an alarm watches and when it fires (above `threshold`). */
export interface SinkAlarmOptions {
  metric: cloudwatch.IMetric;
  threshold: number;
  description: string;
  evaluationPeriods?: number;
}

/** The topic the alarms notify; an email address given subscribes to it. */
export function createAlarmTopic(
  stack: Stack,
  props: CockpitSinkStackProps,
): sns.Topic {
  const alarmTopic = new sns.Topic(stack, 'AlarmTopic', {
    displayName: 'Cockpit sink alarms',
  });
  if (props.alarmEmail) {
    alarmTopic.addSubscription(
      new subscriptions.EmailSubscription(props.alarmEmail),
    );
  }
  return alarmTopic;
}

/** An alarm that fires above its threshold and notifies the alarm topic. */
export function addAlarm(
  stack: Stack,
  alarmTopic: sns.Topic,
  id: string,
  options: SinkAlarmOptions,
): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(stack, id, {
    metric: options.metric,
    threshold: options.threshold,
    evaluationPeriods: options.evaluationPeriods ?? 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    alarmDescription: options.description,
  });
  alarm.addAlarmAction(new cloudwatchActions.SnsAction(alarmTopic));
  return alarm;
}

/** Alarms on the dead-letter queue, the sink's errors and failed records, and the backlog. */
export function watchSink(
  stack: Stack,
  alarmTopic: sns.Topic,
  sink: {
    queue: sqs.Queue;
    deadLetterQueue: sqs.Queue;
    sinkFunction: lambda.Function;
  },
): void {
  const alarm = (id: string, options: SinkAlarmOptions) =>
    addAlarm(stack, alarmTopic, id, options);
  alarm('DeadLetterQueueAlarm', {
    metric: sink.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
    }),
    threshold: 0,
    description:
      'Publish batches the sink could not store after every redelivery',
  });
  alarm('SinkErrorsAlarm', {
    metric: sink.sinkFunction.metricErrors({ period: Duration.minutes(5) }),
    threshold: 0,
    description:
      'The sink Lambda threw: a direct SNS delivery or replay it could not store, an event it could not read, or a crash. Records of SQS events that fail (the database away included) are reported per record and show as queue backlog, then in the dead-letter queue',
  });
  alarm('SinkRecordsFailedAlarm', {
    metric: new cloudwatch.Metric({
      namespace: 'Cockpit',
      metricName: SINK_METRIC_NAMES.failed,
      dimensionsMap: { service: 'cockpit-sink' },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(5),
    }),
    threshold: 0,
    description:
      'Records the sink could not store (the sink metric RecordsFailed): they come back from the queue, but the database or the data needs a look. MessagesAccepted and Quarantined count the rest',
  });
  alarm('QueueBacklogAlarm', {
    metric: sink.queue.metricApproximateAgeOfOldestMessage({
      period: Duration.minutes(5),
    }),
    threshold: 900,
    evaluationPeriods: 3,
    description:
      'Publish batches wait more than 15 minutes: raise maxConcurrency or check the database',
  });
}
