import fs from 'node:fs';
import path from 'node:path';
import { App, aws_lambda as lambda, aws_s3 as s3 } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { awsEcsCollector } from '@cockpit/collector-aws-ecs';
import { awsLambdaCollector } from '@cockpit/collector-aws-lambda';
import { containerImagesCollector } from '@cockpit/collector-container-images';
import { bundleCollectorLambda } from './collectorBundle';
import {
  containerImagesCollectorPermissions,
  ecsCollectorPermissions,
  lambdaCollectorPermissions,
} from './collectorPermissions';
import { CockpitCollectorsStack, CollectorDeployment } from './collectorsStack';

jest.setTimeout(180_000);

const TOPIC_ARN =
  'arn:aws:sns:eu-west-1:123456789012:CockpitSink-Topic1A2B3C4D';
const PARAMETER = '/cockpit/collectors/aws-ecs';
const SECRET_ARN =
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cockpit-images-AbCdEf';
// eslint-disable-next-line no-restricted-syntax
const sinkDir = path.resolve(__dirname, '..');
const collectorsDir = path.resolve(sinkDir, '../collectors');

describe('CockpitCollectorsStack', () => {
  let bundleRoot: string;
  const bundles: Record<string, { outDir: string; bytes: number }> = {};

  beforeAll(async () => {
    // inside the repository, so that the bundles load with the AWS SDK of node_modules as on Lambda
    fs.mkdirSync(path.join(sinkDir, 'dist-collectors'), { recursive: true });
    bundleRoot = fs.mkdtempSync(path.join(sinkDir, 'dist-collectors', 'test-'));
    for (const id of ['aws-ecs', 'aws-lambda', 'container-images']) {
      bundles[id] = await bundleCollectorLambda({
        entry: path.join(collectorsDir, id, 'src/lambda.ts'),
        outDir: path.join(bundleRoot, id),
      });
    }
  });

  afterAll(() => fs.rmSync(bundleRoot, { recursive: true, force: true }));

  const synth = (collectors: Omit<CollectorDeployment, 'code'>[]) => {
    const app = new App();
    const stack = new CockpitCollectorsStack(app, 'CockpitCollectors', {
      env: { account: '123456789012', region: 'eu-west-1' },
      topicArn: TOPIC_ARN,
      collectors: collectors.map(c => ({
        ...c,
        code: lambda.Code.fromAsset(bundles[c.collector.id].outDir),
      })),
    });
    return { stack, template: Template.fromStack(stack) };
  };

  /** Every statement of the role of the function of a collector, with CloudFormation references resolved to logical ids. */
  function functionStatements(
    template: Template,
    description: string,
  ): unknown[] {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Description: description },
    });
    const [fn] = Object.values(functions);
    const role = fn.Properties.Role['Fn::GetAtt'][0];
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: role }] },
    });
    return Object.values(policies).flatMap(
      p => p.Properties.PolicyDocument.Statement,
    );
  }

  it('bundles each AWS reference collector into a handler that loads, with the AWS SDK left to the runtime', () => {
    for (const [id, bundle] of Object.entries(bundles)) {
      const code = fs.readFileSync(
        path.join(bundle.outDir, 'index.js'),
        'utf8',
      );
      expect(code).not.toMatch(
        /class ECSClient|class ECRClient|class LambdaClient/,
      );
      expect(bundle.bytes).toBeLessThan(1.5 * 1024 * 1024);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      expect([
        id,
        typeof require(path.join(bundle.outDir, 'index.js')).handler,
      ]).toEqual([id, 'function']);
    }
  });

  it('runs aws-ecs on Node.js 22 on its own schedule, configured by an SSM parameter, publishing to the sink topic', () => {
    const { template } = synth([
      {
        collector: awsEcsCollector,
        configParameterName: PARAMETER,
        keepsState: true,
        permissions: scope => ecsCollectorPermissions(scope),
      },
    ]);

    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Environment: {
        Variables: {
          COCKPIT_PUBLISHER: 'sns',
          COCKPIT_SNS_TOPIC_ARN: TOPIC_ARN,
          COCKPIT_COLLECTOR_CONFIG_PARAMETER: PARAMETER,
          COCKPIT_COLLECTOR_STATE_BUCKET: {
            Ref: Match.stringLikeRegexp('StateBucket'),
          },
          COCKPIT_COLLECTOR_STATE_KEY: 'collectors/aws-ecs/state.json',
        },
      },
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Target: {
        Arn: {
          'Fn::GetAtt': [Match.stringLikeRegexp('AwsEcsFunction'), 'Arn'],
        },
        RetryPolicy: { MaximumRetryAttempts: 0 },
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 0,
    });
  });

  it('grants aws-ecs publish on the topic, its parameter, its state object and the ECS read actions: nothing else', () => {
    const { template } = synth([
      {
        collector: awsEcsCollector,
        configParameterName: PARAMETER,
        keepsState: true,
        permissions: scope => ecsCollectorPermissions(scope),
      },
    ]);

    expect(functionStatements(template, 'Cockpit collector aws-ecs')).toEqual([
      { Effect: 'Allow', Action: 'sns:Publish', Resource: TOPIC_ARN },
      {
        Effect: 'Allow',
        Action: 'ssm:GetParameter',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':ssm:eu-west-1:123456789012:parameter/cockpit/collectors/aws-ecs',
            ],
          ],
        },
      },
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: {
          'Fn::Join': [
            '',
            [
              { 'Fn::GetAtt': [expect.stringMatching(/^StateBucket/), 'Arn'] },
              '/collectors/aws-ecs/state.json',
            ],
          ],
        },
      },
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: {
          'Fn::GetAtt': [expect.stringMatching(/^StateBucket/), 'Arn'],
        },
        Condition: {
          StringEquals: { 's3:prefix': 'collectors/aws-ecs/state.json' },
        },
      },
      {
        Effect: 'Allow',
        Action: [
          'ecs:ListClusters',
          'ecs:ListServices',
          'ecs:DescribeServices',
          'ecs:DescribeTaskDefinition',
          'ecs:ListTasks',
          'ecs:DescribeTasks',
        ],
        Resource: '*',
      },
    ]);
  });

  it('narrows aws-ecs to the services and tasks of the clusters it is given', () => {
    const cluster = 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod-cluster';
    const { template } = synth([
      {
        collector: awsEcsCollector,
        permissions: scope =>
          ecsCollectorPermissions(scope, { clusterArns: [cluster] }),
      },
    ]);

    const statements = functionStatements(
      template,
      'Cockpit collector aws-ecs',
    );
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: ['ecs:ListServices', 'ecs:ListTasks'],
      Resource: '*',
      Condition: { ArnEquals: { 'ecs:cluster': [cluster] } },
    });
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: 'ecs:DescribeTasks',
      Resource: {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':ecs:eu-west-1:123456789012:task/prod-cluster/*',
          ],
        ],
      },
    });
    expect(statements).not.toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['ecs:DescribeServices']),
        Resource: '*',
      }),
    );
  });

  it('runs aws-lambda with only ListFunctions and ListTags beside publishing, and no state bucket when none keeps state', () => {
    const { template } = synth([
      {
        collector: awsLambdaCollector,
        permissions: () => lambdaCollectorPermissions(),
      },
    ]);

    expect(
      functionStatements(template, 'Cockpit collector aws-lambda'),
    ).toEqual([
      { Effect: 'Allow', Action: 'sns:Publish', Resource: TOPIC_ARN },
      {
        Effect: 'Allow',
        Action: ['lambda:ListFunctions', 'lambda:ListTags'],
        Resource: '*',
      },
    ]);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: awsLambdaCollector.schedule,
    });
    template.resourceCountIs('AWS::S3::Bucket', 0);
  });

  it('runs container-images with its secret, ECR scan findings and its Trivy reports prefix only', () => {
    const { template } = synth([
      {
        collector: containerImagesCollector,
        configSecretArn: SECRET_ARN,
        permissions: scope =>
          containerImagesCollectorPermissions(scope, {
            reportsBucket: s3.Bucket.fromBucketName(
              scope,
              'Reports',
              'acme-trivy-reports',
            ),
            reportsPrefix: 'trivy/',
          }),
      },
    ]);

    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          COCKPIT_COLLECTOR_CONFIG_SECRET_ARN: SECRET_ARN,
        }),
      },
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(6 hours)',
    });
    expect(
      functionStatements(template, 'Cockpit collector container-images'),
    ).toEqual([
      { Effect: 'Allow', Action: 'sns:Publish', Resource: TOPIC_ARN },
      {
        Effect: 'Allow',
        Action: [
          'secretsmanager:GetSecretValue',
          'secretsmanager:DescribeSecret',
        ],
        Resource: SECRET_ARN,
      },
      {
        Effect: 'Allow',
        Action: 'ecr:DescribeImageScanFindings',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':ecr:*:123456789012:repository/*',
            ],
          ],
        },
      },
      { Effect: 'Allow', Action: 'inspector2:ListFindings', Resource: '*' },
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':s3:::acme-trivy-reports'],
          ],
        },
        Condition: { StringLike: { 's3:prefix': 'trivy/*' } },
      },
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':s3:::acme-trivy-reports/trivy/*',
            ],
          ],
        },
      },
    ]);
  });

  it('lets the scheduler invoke each collector function and nothing else', () => {
    const { template } = synth([
      {
        collector: awsEcsCollector,
        permissions: scope => ecsCollectorPermissions(scope),
      },
      {
        collector: awsLambdaCollector,
        permissions: () => lambdaCollectorPermissions(),
      },
    ]);

    template.resourceCountIs('AWS::Scheduler::Schedule', 2);
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const schedulerStatements = policies
      .flatMap(p => p.Properties.PolicyDocument.Statement)
      .filter((s: any) => s.Action === 'lambda:InvokeFunction');
    expect(schedulerStatements).toHaveLength(2);
    for (const statement of schedulerStatements) {
      expect(statement.Resource).toEqual(
        expect.arrayContaining([
          { 'Fn::GetAtt': [expect.stringMatching(/Function/), 'Arn'] },
        ]),
      );
    }
  });

  it('refuses a collector listed twice and a configuration from two sources', () => {
    expect(() =>
      synth([
        { collector: awsLambdaCollector },
        { collector: awsLambdaCollector },
      ]),
    ).toThrow('collector "aws-lambda" is listed twice');
    expect(() =>
      synth([
        {
          collector: awsLambdaCollector,
          configParameterName: PARAMETER,
          configSecretArn: SECRET_ARN,
        },
      ]),
    ).toThrow('give configParameterName or configSecretArn, not both');
  });
});
