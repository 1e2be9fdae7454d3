/**
 * The CDK app of the Cockpit sink: bundles the Lambda, then synthesizes the stack.
 *
 *   yarn workspace @cockpit/sink synth      # writes sink/cdk.out
 *   npx aws-cdk@2 deploy --app sink/cdk.out
 *
 * Settings come from the environment: COCKPIT_DATABASE_SECRET_ARN (required),
 * COCKPIT_SINK_MAX_CONCURRENCY, COCKPIT_SINK_POOL_MAX, COCKPIT_SINK_DIRECT_SNS=1,
 * COCKPIT_SINK_RESERVED_CONCURRENCY, COCKPIT_DATABASE_HOST with COCKPIT_DATABASE_PORT and
 * COCKPIT_DATABASE_NAME (for a secret without them, such as an RDS-managed master password),
 * COCKPIT_ALARM_EMAIL, COCKPIT_VPC_ID with COCKPIT_SECURITY_GROUP_ID (private database),
 * CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION (needed for the VPC lookup).
 */
import path from 'node:path';
import { App, aws_lambda as lambda } from 'aws-cdk-lib';
import { bundleSinkLambda } from './bundle';
import { CockpitSinkStack } from './sinkStack';

async function main() {
  const env = process.env;
  const secretArn = env.COCKPIT_DATABASE_SECRET_ARN;
  if (!secretArn) {
    throw new Error(
      'set COCKPIT_DATABASE_SECRET_ARN to the ARN of the database secret',
    );
  }
  // eslint-disable-next-line no-restricted-syntax
  const sinkDir = path.resolve(__dirname, '..');
  const bundle = await bundleSinkLambda({
    outDir: path.join(sinkDir, 'dist-lambda'),
  });
  process.stderr.write(
    `bundled the sink Lambda: ${(bundle.bytes / 1024).toFixed(0)} KiB\n`,
  );

  const app = new App({ outdir: path.join(sinkDir, 'cdk.out') });
  const stack = new CockpitSinkStack(
    app,
    env.COCKPIT_SINK_STACK_NAME ?? 'CockpitSink',
    {
      env: { account: env.CDK_DEFAULT_ACCOUNT, region: env.CDK_DEFAULT_REGION },
      code: lambda.Code.fromAsset(bundle.outDir),
      databaseSecretArn: secretArn,
      database: env.COCKPIT_DATABASE_HOST
        ? {
            host: env.COCKPIT_DATABASE_HOST,
            port: env.COCKPIT_DATABASE_PORT
              ? Number(env.COCKPIT_DATABASE_PORT)
              : undefined,
            name: env.COCKPIT_DATABASE_NAME,
          }
        : undefined,
      maxConcurrency: env.COCKPIT_SINK_MAX_CONCURRENCY
        ? Number(env.COCKPIT_SINK_MAX_CONCURRENCY)
        : undefined,
      databasePoolMax: env.COCKPIT_SINK_POOL_MAX
        ? Number(env.COCKPIT_SINK_POOL_MAX)
        : undefined,
      directSnsSubscription: env.COCKPIT_SINK_DIRECT_SNS === '1',
      reservedConcurrency: env.COCKPIT_SINK_RESERVED_CONCURRENCY
        ? Number(env.COCKPIT_SINK_RESERVED_CONCURRENCY)
        : undefined,
      alarmEmail: env.COCKPIT_ALARM_EMAIL,
      vpcId: env.COCKPIT_VPC_ID,
      securityGroupIds:
        env.COCKPIT_SECURITY_GROUP_ID?.split(',').filter(Boolean),
    },
  );
  app.synth();
  process.stderr.write(`synthesized ${stack.stackName} into cdk.out\n`);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
