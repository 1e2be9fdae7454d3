import {
  CfnOutput,
  Duration,
  Stack,
  aws_lambda as lambda,
  aws_sns as sns,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { createAlarmTopic, watchSink } from './sinkAlarms';
import { feedFromQueue, subscribeDirectly } from './sinkDelivery';
import { createSinkFunction } from './sinkFunction';
import { createQueues, createTopic, subscribeQueue } from './sinkQueues';
import {
  checkedReservedConcurrency,
  CockpitSinkStackProps,
} from './sinkStackProps';

export type { CockpitSinkStackProps } from './sinkStackProps';

/**
 * The AWS side of Cockpit: collectors publish to an SNS topic; an SQS queue (raw message
 * delivery, dead-letter queue after `maxReceiveCount` deliveries) feeds the sink Lambda,
 * which reports partial batch failures; alarms watch the dead-letter queue, errors and the
 * queue's backlog. Database credentials come from Secrets Manager.
 *
 * Each part is made in a file of its own: the topic and queues (`sinkQueues.ts`), the function
 * (`sinkFunction.ts`), how batches reach it (`sinkDelivery.ts`) and the alarms
 * (`sinkAlarms.ts`). The order below is the order of the synthesized template.
 */
export class CockpitSinkStack extends Stack {
  readonly topic: sns.Topic;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly sinkFunction: lambda.Function;
  readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: CockpitSinkStackProps) {
    super(scope, id, props);
    const timeout = props.timeout ?? Duration.seconds(60);
    const maxConcurrency = props.maxConcurrency ?? 5;
    const reservedConcurrency = checkedReservedConcurrency(
      props,
      maxConcurrency,
    );

    this.topic = createTopic(this);
    this.alarmTopic = createAlarmTopic(this, props);
    [this.queue, this.deadLetterQueue] = createQueues(this, props, timeout);
    subscribeQueue(this.topic, this.queue);

    this.sinkFunction = createSinkFunction(
      this,
      props,
      timeout,
      reservedConcurrency,
    );
    feedFromQueue(this.sinkFunction, this.queue, maxConcurrency);

    if (props.directSnsSubscription) {
      subscribeDirectly(this, {
        topic: this.topic,
        sinkFunction: this.sinkFunction,
        alarmTopic: this.alarmTopic,
      });
    }
    watchSink(this, this.alarmTopic, {
      queue: this.queue,
      deadLetterQueue: this.deadLetterQueue,
      sinkFunction: this.sinkFunction,
    });
    this.outputs();
  }

  private outputs(): void {
    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output(
      'TopicArn',
      this.topic.topicArn,
      'SNS topic the collectors publish to (COCKPIT_SNS_TOPIC_ARN)',
    );
    output(
      'QueueUrl',
      this.queue.queueUrl,
      'SQS queue feeding the sink (subscribed to the topic)',
    );
    output(
      'DeadLetterQueueUrl',
      this.deadLetterQueue.queueUrl,
      'Where records the sink could not store after every redelivery wait',
    );
    output(
      'SinkFunctionName',
      this.sinkFunction.functionName,
      'The sink Lambda (COCKPIT_SINK_FUNCTION of the Lambda publisher, for replays)',
    );
    output(
      'AlarmTopicArn',
      this.alarmTopic.topicArn,
      'SNS topic the alarms notify',
    );
  }
}
