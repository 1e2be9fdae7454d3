import {
  Duration,
  RemovalPolicy,
  aws_iam as iam,
  aws_lambda as lambda,
  aws_logs as logs,
  aws_s3 as s3,
  aws_scheduler as scheduler,
  aws_scheduler_targets as targets,
  aws_secretsmanager as secretsmanager,
  aws_sns as sns,
  aws_ssm as ssm,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Where a collector function reads its configuration (JSON) at each run. */
export type CollectorConfigSource =
  | { parameter: ssm.IParameter }
  | { secret: secretsmanager.ISecret };

/** Settings of one collector deployed as a scheduled Lambda function. */
export interface CockpitCollectorFunctionProps {
  /** The collector (a reference one, or a team's own): its id names things, its schedule runs it. */
  collector: { id: string; schedule: string };
  /** The bundled collector (see `bundleCollectorLambda`): a folder with `index.js` exporting `handler`. */
  code: lambda.Code;
  /** Handler of the bundle (default `index.handler`). */
  handler?: string;
  /** The sink's topic: the function may publish there and nowhere else. */
  topic: sns.ITopic;
  /** The configuration: an SSM parameter (a SecureString is decrypted) or a Secrets Manager secret. */
  config?: CollectorConfigSource;
  /** Exactly the read actions the collector's source needs (see `collectorPermissions.ts`). */
  permissions?: iam.PolicyStatement[];
  /**
   * A bucket for the collector's state between runs (the runtime collectors remember tasks and
   * rollouts to emit each event once); the function may read and write its one object there.
   */
  stateBucket?: s3.IBucket;
  /** An EventBridge Scheduler expression replacing the collector's `schedule`. */
  schedule?: string;
  /** Function timeout (default 5 minutes; the run is stopped a few seconds before). */
  timeout?: Duration;
  /** Memory (default 512 MB). */
  memorySize?: number;
  /** More environment variables for the function. */
  environment?: Record<string, string>;
}

/**
 * One collector as code: a Lambda function (Node.js 22, arm64) run by an EventBridge Scheduler
 * schedule taken from the collector's `schedule`, reading its configuration from SSM Parameter
 * Store or Secrets Manager at each run, publishing to the sink's SNS topic. Its role may publish
 * on that topic, read its configuration (and its state object) and call the read actions it is
 * given: nothing else.
 *
 * @example
 * new CockpitCollectorFunction(this, 'AwsEcs', {
 *   collector: awsEcsCollector,
 *   code: lambda.Code.fromAsset(bundle.outDir),
 *   topic,
 *   config: { parameter: ssm.StringParameter.fromStringParameterName(this, 'EcsConfig', '/cockpit/collectors/aws-ecs') },
 *   permissions: ecsCollectorPermissions(),
 *   stateBucket,
 * });
 */
export class CockpitCollectorFunction extends Construct {
  readonly function: lambda.Function;
  readonly logGroup: logs.LogGroup;
  readonly schedule: scheduler.Schedule;

  constructor(
    scope: Construct,
    id: string,
    props: CockpitCollectorFunctionProps,
  ) {
    super(scope, id);
    const collectorId = props.collector.id;
    const stateKey = `collectors/${collectorId}/state.json`;
    const environment: Record<string, string> = {
      COCKPIT_PUBLISHER: 'sns',
      COCKPIT_SNS_TOPIC_ARN: props.topic.topicArn,
      ...(props.config && 'parameter' in props.config
        ? {
            COCKPIT_COLLECTOR_CONFIG_PARAMETER:
              props.config.parameter.parameterName,
          }
        : {}),
      ...(props.config && 'secret' in props.config
        ? { COCKPIT_COLLECTOR_CONFIG_SECRET_ARN: props.config.secret.secretArn }
        : {}),
      ...(props.stateBucket
        ? {
            COCKPIT_COLLECTOR_STATE_BUCKET: props.stateBucket.bucketName,
            COCKPIT_COLLECTOR_STATE_KEY: stateKey,
          }
        : {}),
      ...props.environment,
    };

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.function = new lambda.Function(this, 'Function', {
      description: `Cockpit collector ${collectorId}`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      code: props.code,
      handler: props.handler ?? 'index.handler',
      timeout: props.timeout ?? Duration.minutes(5),
      memorySize: props.memorySize ?? 512,
      environment,
      logGroup: this.logGroup,
    });
    // a failed run is not retried: the next scheduled run reads the source afresh
    this.function.configureAsyncInvoke({ retryAttempts: 0 });

    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['sns:Publish'],
        resources: [props.topic.topicArn],
      }),
    );
    this.grantConfigRead(props.config);
    if (props.stateBucket) {
      this.function.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['s3:GetObject', 's3:PutObject'],
          resources: [props.stateBucket.arnForObjects(stateKey)],
        }),
      );
      // without it S3 answers a missing object (the first run) with AccessDenied, not NoSuchKey
      this.function.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [props.stateBucket.bucketArn],
          conditions: { StringEquals: { 's3:prefix': stateKey } },
        }),
      );
    }
    for (const statement of props.permissions ?? [])
      this.function.addToRolePolicy(statement);

    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: `Runs the Cockpit collector ${collectorId}`,
      schedule: scheduler.ScheduleExpression.expression(
        props.schedule ?? props.collector.schedule,
      ),
      target: new targets.LambdaInvoke(this.function, { retryAttempts: 0 }),
    });
  }

  private grantConfigRead(config: CollectorConfigSource | undefined): void {
    if (!config) return;
    if ('parameter' in config) {
      this.function.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['ssm:GetParameter'],
          resources: [config.parameter.parameterArn],
        }),
      );
    } else {
      config.secret.grantRead(this.function);
    }
  }
}
