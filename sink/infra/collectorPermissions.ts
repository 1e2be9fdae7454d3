import { Stack, aws_iam as iam, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * The read actions of the `aws-lambda` collector: ListFunctions and ListTags (neither can be
 * narrowed below the account's functions).
 */
export function lambdaCollectorPermissions(): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      actions: ['lambda:ListFunctions', 'lambda:ListTags'],
      resources: ['*'],
    }),
  ];
}

/**
 * The read actions of the `aws-ecs` collector. With `clusterArns`, services and tasks are read in
 * those clusters only (`ListClusters` and `DescribeTaskDefinition` have no resource to narrow to).
 */
export function ecsCollectorPermissions(
  scope: Construct,
  options: { clusterArns?: string[] } = {},
): iam.PolicyStatement[] {
  const clusters = options.clusterArns;
  if (!clusters?.length) {
    return [
      new iam.PolicyStatement({
        actions: [
          'ecs:ListClusters',
          'ecs:ListServices',
          'ecs:DescribeServices',
          'ecs:DescribeTaskDefinition',
          'ecs:ListTasks',
          'ecs:DescribeTasks',
        ],
        resources: ['*'],
      }),
    ];
  }
  const { partition, region, account } = Stack.of(scope);
  const inCluster = (kind: string) =>
    clusters.map(
      arn =>
        `arn:${partition}:ecs:${region}:${account}:${kind}/${arn.slice(
          arn.lastIndexOf('/') + 1,
        )}/*`,
    );
  return [
    new iam.PolicyStatement({
      actions: ['ecs:ListClusters', 'ecs:DescribeTaskDefinition'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      actions: ['ecs:ListServices', 'ecs:ListTasks'],
      resources: ['*'],
      conditions: { ArnEquals: { 'ecs:cluster': clusters } },
    }),
    new iam.PolicyStatement({
      actions: ['ecs:DescribeServices'],
      resources: inCluster('service'),
    }),
    new iam.PolicyStatement({
      actions: ['ecs:DescribeTasks'],
      resources: inCluster('task'),
    }),
  ];
}

/**
 * The read actions of the `container-images` collector: the findings of ECR image scans (in the
 * given repositories, or the account's) and, for enhanced scanning, Amazon Inspector's findings
 * behind them; with a reports bucket, listing and reading the Trivy reports under its prefix.
 */
export function containerImagesCollectorPermissions(
  scope: Construct,
  options: {
    ecr?: boolean;
    repositoryArns?: string[];
    reportsBucket?: s3.IBucket;
    reportsPrefix?: string;
  } = {},
): iam.PolicyStatement[] {
  const statements: iam.PolicyStatement[] = [];
  if (options.ecr ?? true) {
    const { partition, account } = Stack.of(scope);
    statements.push(
      new iam.PolicyStatement({
        actions: ['ecr:DescribeImageScanFindings'],
        resources: options.repositoryArns ?? [
          `arn:${partition}:ecr:*:${account}:repository/*`,
        ],
      }),
      new iam.PolicyStatement({
        actions: ['inspector2:ListFindings'],
        resources: ['*'],
      }),
    );
  }
  if (options.reportsBucket) {
    const prefix = options.reportsPrefix ?? '';
    statements.push(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [options.reportsBucket.bucketArn],
        ...(prefix
          ? { conditions: { StringLike: { 's3:prefix': `${prefix}*` } } }
          : {}),
      }),
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [options.reportsBucket.arnForObjects(`${prefix}*`)],
      }),
    );
  }
  return statements;
}
