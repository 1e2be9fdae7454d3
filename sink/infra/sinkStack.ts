import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  StackProps,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as cloudwatchActions,
  aws_ec2 as ec2,
  aws_lambda as lambda,
  aws_lambda_destinations as destinations,
  aws_lambda_event_sources as eventSources,
  aws_logs as logs,
  aws_secretsmanager as secretsmanager,
  aws_sns as sns,
  aws_sns_subscriptions as subscriptions,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { SINK_METRIC_NAMES } from '../src/metrics';

/** Settings of the Cockpit sink stack. */
export interface CockpitSinkStackProps extends StackProps {
  /** The bundled Lambda code (see `bundleSinkLambda`): a folder with `index.js`. */
  code: lambda.Code;
  /**
   * ARN of the Secrets Manager secret holding the database credentials: `{ "url": ... }` or
   * the JSON RDS writes (`username`, `password`, `host`, `port`, `dbname`; a master password
   * RDS manages holds only the first two: give the rest below).
   */
  databaseSecretArn: string;
  /** The database's host, port and name, for a secret that does not hold them. */
  database?: { host: string; port?: number; name?: string };
  /**
   * Id of the VPC to run in when the database is private (looked up at synth time: the stack
   * needs an explicit account and region); the function uses its private subnets with egress
   * (for SQS and Secrets Manager, through a NAT or VPC endpoints).
   */
  vpcId?: string;
  /** Security groups of the function in the VPC: one the database accepts connections from. */
  securityGroupIds?: string[];
  /**
   * Upper bound of concurrent sink invocations fed by the queue (2-1000, default 5). Each
   * holds at most `databasePoolMax` connections: keep the product under the database's budget.
   */
  maxConcurrency?: number;
  /** Connections per execution environment (default 2). */
  databasePoolMax?: number;
  /** Also subscribe the Lambda to the topic directly (default false: SNS -> SQS -> Lambda only). */
  directSnsSubscription?: boolean;
  /**
   * Reserved concurrency of the function: a cap on every invocation, the queue's, direct SNS
   * deliveries and replays alike (throttled asynchronous deliveries are retried by Lambda).
   * Default: none on the queue-only path, whose event source caps it at `maxConcurrency`;
   * twice `maxConcurrency` with `directSnsSubscription`. At least `maxConcurrency`.
   */
  reservedConcurrency?: number;
  /** Deliveries before a message goes to the dead-letter queue (default 5). */
  maxReceiveCount?: number;
  /** Where alarms notify; an email address subscribes to a new alarm topic. */
  alarmEmail?: string;
  /** Function timeout (default 60 s); the queue's visibility timeout is six times this. */
  timeout?: Duration;
  /** Lambda memory (default 512 MB: more memory is more CPU for JSON parsing). */
  memorySize?: number;
}

/**
 * The sink's reserved concurrency: as given, or twice `maxConcurrency` with a direct SNS
 * subscription (the queue's pollers and direct deliveries share it).
 * @throws Error when it is below `maxConcurrency`
 */
function checkedReservedConcurrency(
  props: CockpitSinkStackProps,
  maxConcurrency: number,
): number | undefined {
  const reservedConcurrency =
    props.reservedConcurrency ??
    (props.directSnsSubscription ? 2 * maxConcurrency : undefined);
  if (
    reservedConcurrency !== undefined &&
    !(
      Number.isInteger(reservedConcurrency) &&
      reservedConcurrency >= maxConcurrency
    )
  ) {
    // Below it, Lambda throttles the queue's pollers and messages go to the dead-letter
    // queue for no fault of theirs.
    throw new Error(
      `reservedConcurrency (${reservedConcurrency}) must be a whole number of at least maxConcurrency (${maxConcurrency})`,
    );
  }
  return reservedConcurrency;
}

/**
 * The AWS side of Cockpit: collectors publish to an SNS topic; an SQS queue (raw message
 * delivery, dead-letter queue after `maxReceiveCount` deliveries) feeds the sink Lambda,
 * which reports partial batch failures; alarms watch the dead-letter queue, errors and the
 * queue's backlog. Database credentials come from Secrets Manager.
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

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Cockpit publish batches',
      enforceSSL: true,
    });

    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Cockpit sink alarms',
    });
    if (props.alarmEmail) {
      this.alarmTopic.addSubscription(
        new subscriptions.EmailSubscription(props.alarmEmail),
      );
    }

    [this.queue, this.deadLetterQueue] = this.queues(props, timeout);
    this.topic.addSubscription(
      new subscriptions.SqsSubscription(this.queue, {
        rawMessageDelivery: true,
      }),
    );

    this.sinkFunction = this.createSinkFunction(
      props,
      timeout,
      reservedConcurrency,
    );

    this.sinkFunction.addEventSource(
      new eventSources.SqsEventSource(this.queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
        maxConcurrency,
      }),
    );

    if (props.directSnsSubscription) this.subscribeDirectly();
    this.watch();
    this.outputs();
  }

  /** The work queue and its dead-letter queue. */
  private queues(
    props: CockpitSinkStackProps,
    timeout: Duration,
  ): [sqs.Queue, sqs.Queue] {
    const deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
    });
    const queue = new sqs.Queue(this, 'Queue', {
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

  /** The sink Lambda, reading the database secret. */
  private createSinkFunction(
    props: CockpitSinkStackProps,
    timeout: Duration,
    reservedConcurrency: number | undefined,
  ): lambda.Function {
    const secret = secretsmanager.Secret.fromSecretCompleteArn(
      this,
      'DatabaseSecret',
      props.databaseSecretArn,
    );

    const sinkFunction = new lambda.Function(this, 'SinkFunction', {
      description:
        'Cockpit sink: stores publish batches from SNS/SQS in PostgreSQL',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      code: props.code,
      handler: 'index.handler',
      memorySize: props.memorySize ?? 512,
      timeout,
      reservedConcurrentExecutions: reservedConcurrency,
      ...this.network(props),
      logGroup: new logs.LogGroup(this, 'SinkLogs', {
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
      environment: {
        COCKPIT_DATABASE_SECRET_ARN: props.databaseSecretArn,
        ...(props.database && {
          COCKPIT_DATABASE_HOST: props.database.host,
          COCKPIT_DATABASE_PORT: String(props.database.port ?? 5432),
          COCKPIT_DATABASE_NAME: props.database.name ?? 'postgres',
        }),
        COCKPIT_DATABASE_POOL_MAX: String(props.databasePoolMax ?? 2),
        // Node.js 22 on Lambda does not load the RDS certificate authorities by default.
        NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
        // A larger young generation: parsing an event allocates megabytes of short-lived
        // objects, and V8's default made the garbage collector a third of the CPU time
        // (docs/sink.md, Speed).
        // Source maps: stack traces name sink/src files (the bundle carries index.js.map).
        NODE_OPTIONS: '--enable-source-maps --max-semi-space-size=64',
        POWERTOOLS_SERVICE_NAME: 'cockpit-sink',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
    });
    secret.grantRead(sinkFunction);

    return sinkFunction;
  }

  /**
   * Direct delivery is asynchronous invocation: failures are retried by Lambda, then kept in
   * a queue of their own, which an alarm watches.
   */
  private subscribeDirectly(): void {
    const directFailures = new sqs.Queue(this, 'DirectDeliveryFailures', {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
    });
    this.sinkFunction.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: new destinations.SqsDestination(directFailures),
    });
    this.topic.addSubscription(
      new subscriptions.LambdaSubscription(this.sinkFunction),
    );
    this.alarm('DirectDeliveryFailuresAlarm', {
      metric: directFailures.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
      }),
      threshold: 0,
      description: 'Direct SNS deliveries to the sink failed after retries',
    });
  }

  /** Alarms on the dead-letter queue, the sink's errors and failed records, and the backlog. */
  private watch(): void {
    this.alarm('DeadLetterQueueAlarm', {
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
      }),
      threshold: 0,
      description:
        'Publish batches the sink could not store after every redelivery',
    });
    this.alarm('SinkErrorsAlarm', {
      metric: this.sinkFunction.metricErrors({ period: Duration.minutes(5) }),
      threshold: 0,
      description:
        'The sink Lambda threw: a direct SNS delivery or replay it could not store, an event it could not read, or a crash. Records of SQS events that fail (the database away included) are reported per record and show as queue backlog, then in the dead-letter queue',
    });
    this.alarm('SinkRecordsFailedAlarm', {
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
    this.alarm('QueueBacklogAlarm', {
      metric: this.queue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(5),
      }),
      threshold: 900,
      evaluationPeriods: 3,
      description:
        'Publish batches wait more than 15 minutes: raise maxConcurrency or check the database',
    });
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

  private network(props: CockpitSinkStackProps): Partial<lambda.FunctionProps> {
    if (!props.vpcId) return {};
    return {
      vpc: ec2.Vpc.fromLookup(this, 'Vpc', { vpcId: props.vpcId }),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: (props.securityGroupIds ?? []).map((sgId, i) =>
        ec2.SecurityGroup.fromSecurityGroupId(this, `SecurityGroup${i}`, sgId),
      ),
    };
  }

  private alarm(
    id: string,
    options: {
      metric: cloudwatch.IMetric;
      threshold: number;
      description: string;
      evaluationPeriods?: number;
    },
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: options.description,
    });
    alarm.addAlarmAction(new cloudwatchActions.SnsAction(this.alarmTopic));
    return alarm;
  }
}
