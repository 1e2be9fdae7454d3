/**
 * The CDK app of the Cockpit collectors: bundles each collector listed in a JSON file, then
 * synthesizes the collectors stack beside the sink stack (docs/deploy-aws.md, section 5).
 *
 *   COCKPIT_COLLECTORS_FILE=collectors.json npx aws-cdk@2 deploy --app "yarn workspace @cockpit/sink synth:collectors"
 *
 * The file (an `entry` path is relative to the file):
 *
 *   { "topicArn": "arn:aws:sns:eu-west-1:123456789012:CockpitSink-Topic...",
 *     "stackName": "CockpitCollectors",
 *     "collectors": [
 *       { "collector": "aws-ecs", "configParameter": "/cockpit/collectors/aws-ecs",
 *         "clusterArns": ["arn:aws:ecs:eu-west-1:123456789012:cluster/prod-cluster"] },
 *       { "collector": "container-images", "configSecret": "arn:aws:secretsmanager:...:secret:cockpit-images-AbCdEf",
 *         "reportsBucket": "acme-trivy-reports", "reportsPrefix": "trivy/" },
 *       { "entry": "../collectors/incidents/src/lambda.ts", "id": "incidents", "schedule": "rate(15 minutes)",
 *         "configParameter": "/cockpit/collectors/incidents",
 *         "permissions": [{ "actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::acme-incidents/export.csv"] }] } ] }
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  App,
  aws_iam as iam,
  aws_lambda as lambda,
  aws_s3 as s3,
} from 'aws-cdk-lib';
import { z } from 'zod';
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

// eslint-disable-next-line no-restricted-syntax
const repositoryRoot = path.resolve(__dirname, '../..');

const config = {
  configParameter: z.string().min(1).optional(),
  configSecret: z.string().min(1).optional(),
  schedule: z.string().optional(),
};
const CollectorsFileSchema = z.object({
  topicArn: z.string().startsWith('arn:'),
  stackName: z.string().default('CockpitCollectors'),
  collectors: z.array(
    z.union([
      z.object({ collector: z.literal('aws-lambda'), ...config }),
      z.object({
        collector: z.literal('aws-ecs'),
        clusterArns: z.array(z.string()).optional(),
        ...config,
      }),
      z.object({
        collector: z.literal('container-images'),
        ecr: z.boolean().default(true),
        repositoryArns: z.array(z.string()).optional(),
        reportsBucket: z.string().optional(),
        reportsPrefix: z.string().optional(),
        ...config,
      }),
      z.object({
        entry: z.string().min(1),
        id: z.string().min(1),
        schedule: z.string().min(1),
        keepsState: z.boolean().default(false),
        permissions: z
          .array(
            z.object({
              actions: z.array(z.string()).min(1),
              resources: z.array(z.string()).min(1),
            }),
          )
          .default([]),
        configParameter: z.string().min(1).optional(),
        configSecret: z.string().min(1).optional(),
      }),
    ]),
  ),
});
type CollectorsFile = z.output<typeof CollectorsFileSchema>;
type Listed = CollectorsFile['collectors'][number];

/** The collector, its entry point and its read actions, for a reference collector or a team's own. */
function resolveDeployment(
  listed: Listed,
  baseDir: string,
): Omit<CollectorDeployment, 'code'> & { entry: string } {
  const common = {
    configParameterName: listed.configParameter,
    configSecretArn: listed.configSecret,
    schedule: listed.schedule,
  };
  if ('entry' in listed) {
    return {
      ...common,
      collector: { id: listed.id, schedule: listed.schedule },
      entry: path.resolve(baseDir, listed.entry),
      keepsState: listed.keepsState,
      permissions: () =>
        listed.permissions.map(p => new iam.PolicyStatement(p)),
    };
  }
  const entry = path.join(
    repositoryRoot,
    'collectors',
    listed.collector,
    'src/lambda.ts',
  );
  switch (listed.collector) {
    case 'aws-lambda':
      return {
        ...common,
        collector: awsLambdaCollector,
        entry,
        permissions: () => lambdaCollectorPermissions(),
      };
    case 'aws-ecs':
      return {
        ...common,
        collector: awsEcsCollector,
        entry,
        keepsState: true,
        permissions: scope =>
          ecsCollectorPermissions(scope, { clusterArns: listed.clusterArns }),
      };
    default:
      return {
        ...common,
        collector: containerImagesCollector,
        entry,
        permissions: scope =>
          containerImagesCollectorPermissions(scope, {
            ecr: listed.ecr,
            repositoryArns: listed.repositoryArns,
            reportsBucket: listed.reportsBucket
              ? s3.Bucket.fromBucketName(
                  scope,
                  'ReportsBucket',
                  listed.reportsBucket,
                )
              : undefined,
            reportsPrefix: listed.reportsPrefix,
          }),
      };
  }
}

async function main() {
  const file = process.env.COCKPIT_COLLECTORS_FILE;
  if (!file)
    throw new Error(
      'set COCKPIT_COLLECTORS_FILE to the JSON file listing the collectors to deploy',
    );
  const parsed = CollectorsFileSchema.safeParse(
    JSON.parse(fs.readFileSync(file, 'utf8')),
  );
  if (!parsed.success)
    throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  const outRoot = path.join(repositoryRoot, 'sink', 'dist-collectors');
  const collectors: CollectorDeployment[] = [];
  for (const listed of parsed.data.collectors) {
    const { entry, ...deployment } = resolveDeployment(
      listed,
      path.dirname(path.resolve(file)),
    );
    const bundle = await bundleCollectorLambda({
      entry,
      outDir: path.join(outRoot, deployment.collector.id),
    });
    process.stderr.write(
      `bundled ${deployment.collector.id}: ${(bundle.bytes / 1024).toFixed(
        0,
      )} KiB\n`,
    );
    collectors.push({
      ...deployment,
      code: lambda.Code.fromAsset(bundle.outDir),
    });
  }
  const app = new App({
    outdir: path.join(repositoryRoot, 'sink', 'cdk.collectors.out'),
  });
  const stack = new CockpitCollectorsStack(app, parsed.data.stackName, {
    env: {
      account: process.env.CDK_DEFAULT_ACCOUNT,
      region: process.env.CDK_DEFAULT_REGION,
    },
    topicArn: parsed.data.topicArn,
    collectors,
  });
  app.synth();
  process.stderr.write(
    `synthesized ${stack.stackName} with ${collectors.length} collectors\n`,
  );
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
