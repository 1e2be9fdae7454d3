import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, aws_lambda as lambda } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { bundleSinkLambda } from './bundle';
import { CockpitSinkStack, CockpitSinkStackProps } from './sinkStack';

jest.setTimeout(120_000);

const SECRET_ARN =
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cockpit-db-AbCdEf';

describe('CockpitSinkStack', () => {
  let bundleDir: string;
  let bundleBytes: number;

  beforeAll(async () => {
    bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cockpit-sink-bundle-'));
    bundleBytes = (await bundleSinkLambda({ outDir: bundleDir })).bytes;
  });

  afterAll(() => {
    fs.rmSync(bundleDir, { recursive: true, force: true });
  });

  const synth = (props: Partial<CockpitSinkStackProps> = {}) => {
    const app = new App();
    const stack = new CockpitSinkStack(app, 'CockpitSink', {
      env: { account: '123456789012', region: 'eu-west-1' },
      code: lambda.Code.fromAsset(bundleDir),
      databaseSecretArn: SECRET_ARN,
      ...props,
    });
    return Template.fromStack(stack);
  };

  it('bundles the handler small, with the AWS SDK left to the runtime', () => {
    const code = fs.readFileSync(path.join(bundleDir, 'index.js'), 'utf8');
    expect(bundleBytes).toBeLessThan(2.5 * 1024 * 1024);
    expect(code).toContain('batchItemFailures');
    expect(code).toMatch(/require\("@aws-sdk\/client-secrets-manager"\)/);
  });

  it('feeds the sink from an SQS queue subscribed to the topic with raw delivery, with a dead-letter queue', () => {
    const template = synth();

    template.resourceCountIs('AWS::SNS::Topic', 2); // publish batches, alarms
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      RawMessageDelivery: true,
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 360,
      RedrivePolicy: {
        deadLetterTargetArn: {
          'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'],
        },
        maxReceiveCount: 5,
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  it('bundles a source map beside the handler, naming our source files', () => {
    const code = fs.readFileSync(path.join(bundleDir, 'index.js'), 'utf8');
    const map = JSON.parse(
      fs.readFileSync(path.join(bundleDir, 'index.js.map'), 'utf8'),
    );
    expect(code).toMatch(/\/\/# sourceMappingURL=index\.js\.map\s*$/);
    expect(map.sources).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/sink\/src\/handler\.ts$/),
        expect.stringMatching(/store\/src\/ingest\//),
      ]),
    );
  });

  it('runs the bundled handler on Node.js 22 with source maps, the database secret and a small pool', () => {
    const template = synth({ databasePoolMax: 1 });

    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Timeout: 60,
      Environment: {
        Variables: Match.objectLike({
          COCKPIT_DATABASE_SECRET_ARN: SECRET_ARN,
          COCKPIT_DATABASE_POOL_MAX: '1',
          NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
          NODE_OPTIONS: '--enable-source-maps --max-semi-space-size=64',
        }),
      },
    });
    for (const output of [
      'TopicArn',
      'QueueUrl',
      'DeadLetterQueueUrl',
      'SinkFunctionName',
      'AlarmTopicArn',
    ]) {
      template.hasOutput(output, { Description: Match.stringLikeRegexp('.') });
    }
    template.hasOutput('TopicArn', {
      Value: { Ref: Match.stringLikeRegexp('^Topic') },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: [
              'secretsmanager:GetSecretValue',
              'secretsmanager:DescribeSecret',
            ],
            Effect: 'Allow',
            Resource: SECRET_ARN,
          }),
        ]),
      },
    });
  });

  it('reports partial batch failures and caps concurrency to protect the database', () => {
    const template = synth({ maxConcurrency: 7 });

    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 7 },
    });
  });

  it('alarms when records fail, from the metrics the handler emits', () => {
    const template = synth();

    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Cockpit',
      MetricName: 'RecordsFailed',
      Dimensions: [{ Name: 'service', Value: 'cockpit-sink' }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlarmTopic') }],
    });
  });

  it('alarms on the dead-letter queue, function errors and the queue backlog', () => {
    const template = synth({ alarmEmail: 'ops@example.com' });

    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlarmTopic') }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 900,
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
  });

  it('subscribes the function to the topic directly only when asked, keeping failed deliveries', () => {
    expect(
      Object.values(synth().findResources('AWS::SNS::Subscription')).map(
        r => r.Properties.Protocol,
      ),
    ).toEqual(['sqs']);

    const direct = synth({ directSnsSubscription: true });
    direct.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
    });
    direct.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    direct.resourceCountIs('AWS::SQS::Queue', 3);
  });

  it('caps every invocation with reserved concurrency when the topic also invokes the function', () => {
    const queueOnly = synth({ maxConcurrency: 7 });
    expect(
      Object.values(queueOnly.findResources('AWS::Lambda::Function')).map(
        r => r.Properties.ReservedConcurrentExecutions,
      ),
    ).toEqual([undefined]);

    synth({
      maxConcurrency: 7,
      directSnsSubscription: true,
    }).hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 14,
    });
    synth({ maxConcurrency: 7, reservedConcurrency: 9 }).hasResourceProperties(
      'AWS::Lambda::Function',
      { ReservedConcurrentExecutions: 9 },
    );
    expect(() => synth({ maxConcurrency: 7, reservedConcurrency: 6 })).toThrow(
      'reservedConcurrency (6) must be a whole number of at least maxConcurrency (7)',
    );
  });

  it('tells the function where the database is when the secret does not', () => {
    const variables = (template: Template) =>
      Object.values(template.findResources('AWS::Lambda::Function'))[0]
        .Properties.Environment.Variables;

    expect(variables(synth())).not.toHaveProperty('COCKPIT_DATABASE_HOST');
    expect(
      variables(
        synth({
          database: {
            host: 'cockpit.cluster-abc.eu-west-1.rds.amazonaws.com',
          },
        }),
      ),
    ).toMatchObject({
      COCKPIT_DATABASE_HOST: 'cockpit.cluster-abc.eu-west-1.rds.amazonaws.com',
      COCKPIT_DATABASE_PORT: '5432',
      COCKPIT_DATABASE_NAME: 'postgres',
    });
  });

  it('runs in the private subnets of a VPC when given one', () => {
    const template = synth({
      vpcId: 'vpc-0123456789abcdef0',
      securityGroupIds: ['sg-0abc'],
    });

    template.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: { SecurityGroupIds: ['sg-0abc'], SubnetIds: Match.anyValue() },
    });
  });
});
