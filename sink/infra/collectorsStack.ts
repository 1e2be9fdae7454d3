import {
  CfnOutput,
  RemovalPolicy,
  Stack,
  StackProps,
  aws_iam as iam,
  aws_lambda as lambda,
  aws_s3 as s3,
  aws_secretsmanager as secretsmanager,
  aws_sns as sns,
  aws_ssm as ssm,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  CockpitCollectorFunction,
  CollectorConfigSource,
} from './collectorFunction';

/** One collector of the stack. */
export interface CollectorDeployment {
  collector: { id: string; schedule: string };
  code: lambda.Code;
  /** Name of the SSM parameter holding the configuration (JSON). */
  configParameterName?: string;
  /** Or the complete ARN of the Secrets Manager secret holding it. */
  configSecretArn?: string;
  /** The read actions its source needs, made in the stack's scope (it knows account and region). */
  permissions?: (scope: Construct) => iam.PolicyStatement[];
  /** Keep state between runs in the stack's state bucket (the runtime collectors need it). */
  keepsState?: boolean;
  /** Replaces the collector's schedule. */
  schedule?: string;
}

/** Settings of the collectors stack. */
export interface CockpitCollectorsStackProps extends StackProps {
  /** The sink stack's topic (its `TopicArn` output). */
  topicArn: string;
  collectors: CollectorDeployment[];
}

/**
 * Collectors as code, beside the sink stack: one scheduled `CockpitCollectorFunction` per
 * collector, all publishing to the sink's topic, and a private bucket for the state of those
 * that keep some.
 */
export class CockpitCollectorsStack extends Stack {
  readonly functions: Record<string, CockpitCollectorFunction> = {};
  readonly stateBucket?: s3.Bucket;

  constructor(
    scope: Construct,
    id: string,
    props: CockpitCollectorsStackProps,
  ) {
    super(scope, id, props);
    const ids = props.collectors.map(c => c.collector.id);
    const twice = ids.find((c, i) => ids.indexOf(c) !== i);
    if (twice) throw new Error(`collector "${twice}" is listed twice`);
    const topic = sns.Topic.fromTopicArn(this, 'Topic', props.topicArn);
    if (props.collectors.some(c => c.keepsState)) {
      this.stateBucket = new s3.Bucket(this, 'StateBucket', {
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        encryption: s3.BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        // state is a cache of what the last run saw: losing it re-emits events the sink deduplicates
        removalPolicy: RemovalPolicy.DESTROY,
        autoDeleteObjects: true,
      });
      this.output(
        'StateBucketName',
        this.stateBucket.bucketName,
        'Where collectors keep their state between runs',
      );
    }
    for (const deployment of props.collectors) {
      const name = deployment.collector.id.replace(
        /(^|-)([a-z0-9])/g,
        (_m, _d, c: string) => c.toUpperCase(),
      );
      this.functions[deployment.collector.id] = new CockpitCollectorFunction(
        this,
        name,
        {
          collector: deployment.collector,
          code: deployment.code,
          topic,
          config: this.configSource(name, deployment),
          permissions: deployment.permissions?.(this),
          stateBucket: deployment.keepsState ? this.stateBucket : undefined,
          schedule: deployment.schedule,
        },
      );
      const deployed = this.functions[deployment.collector.id];
      this.output(
        `${name}FunctionName`,
        deployed.function.functionName,
        `The function of the collector ${deployment.collector.id}`,
      );
      this.output(
        `${name}LogGroupName`,
        deployed.logGroup.logGroupName,
        `The log group of the collector ${deployment.collector.id}`,
      );
    }
  }

  /** A stack output (CfnOutput registers itself with the stack). */
  private output(id: string, value: string, description: string): CfnOutput {
    return new CfnOutput(this, id, { value, description });
  }

  private configSource(
    name: string,
    deployment: CollectorDeployment,
  ): CollectorConfigSource | undefined {
    if (deployment.configParameterName && deployment.configSecretArn) {
      throw new Error(
        `collector "${deployment.collector.id}": give configParameterName or configSecretArn, not both`,
      );
    }
    if (deployment.configParameterName) {
      return {
        parameter: ssm.StringParameter.fromStringParameterName(
          this,
          `${name}Config`,
          deployment.configParameterName,
        ),
      };
    }
    if (deployment.configSecretArn) {
      return {
        secret: secretsmanager.Secret.fromSecretCompleteArn(
          this,
          `${name}Config`,
          deployment.configSecretArn,
        ),
      };
    }
    return undefined;
  }
}
