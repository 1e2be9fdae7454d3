import {
  FunctionConfiguration,
  LambdaClient,
  ListTagsCommand,
  paginateListFunctions,
} from '@aws-sdk/client-lambda';
import { z } from 'zod';
import {
  defineCollector,
  withoutEnvironmentSuffix,
} from '@cockpit/collector-sdk';
import { mapConcurrently } from '@cockpit/plugin-cockpit-common';

/** Configuration of the AWS Lambda collector. */
export const AwsLambdaCollectorConfigSchema = z.object({
  /** AWS region; the SDK's default chain when absent. */
  region: z.string().optional(),
  /** Environment of functions without an environment tag (e.g. one account per environment). */
  environment: z.string().optional(),
  environmentTag: z.string().default('environment'),
  serviceTag: z.string().default('service'),
  /** Tag holding the function's logical name, the same in every environment. */
  nameTag: z.string().default('cockpit:function'),
  /** Without a name tag, `payment-webhook-production` in production is the Lambda `payment-webhook`. */
  stripEnvironmentSuffix: z.boolean().default(true),
  /** ListTags calls in flight at once. */
  concurrency: z.number().int().min(1).default(5),
});

/** Configuration of the AWS Lambda collector, as parsed. */
export type AwsLambdaCollectorConfig = z.output<
  typeof AwsLambdaCollectorConfigSchema
>;

/** Account and region of a function ARN (`arn:aws:lambda:<region>:<account>:function:<name>`). */
export function parseFunctionArn(arn: string): {
  region?: string;
  awsAccountId?: string;
} {
  const parts = arn.split(':');
  return parts.length >= 7 ? { region: parts[3], awsAccountId: parts[4] } : {};
}

/** The logical name and environment of a function from its tags and the configuration. */
export function identifyFunction(
  fn: { FunctionName: string },
  tags: Record<string, string>,
  config: AwsLambdaCollectorConfig,
): { name: string; environment: string } | undefined {
  const environment = tags[config.environmentTag] ?? config.environment;
  if (!environment) return undefined;
  let name = tags[config.nameTag];
  if (!name) {
    name = config.stripEnvironmentSuffix
      ? withoutEnvironmentSuffix(fn.FunctionName, environment)
      : fn.FunctionName;
  }
  return { name, environment };
}

/** The `deployment-info` value of a function. */
export function deploymentInfoOf(
  fn: FunctionConfiguration,
  tags: Record<string, string>,
  serviceTag: string,
) {
  const { region, awsAccountId } = parseFunctionArn(fn.FunctionArn ?? '');
  return {
    version:
      tags.version ??
      (fn.Version && fn.Version !== '$LATEST'
        ? fn.Version
        : (fn.CodeSha256 ?? 'unknown').slice(0, 12)),
    deployedAt: new Date(fn.LastModified ?? 0).toISOString(),
    ...(awsAccountId ? { awsAccountId } : {}),
    ...(region ? { region } : {}),
    functionName: fn.FunctionName,
    ...(fn.Runtime ? { runtime: fn.Runtime } : {}),
    packageType: fn.PackageType ?? 'Zip',
    ...(fn.MemorySize ? { memorySize: fn.MemorySize } : {}),
    ...(fn.Timeout ? { timeoutSeconds: fn.Timeout } : {}),
    ...(fn.Architectures ? { architectures: fn.Architectures } : {}),
    ...(fn.CodeSha256 ? { codeSha256: fn.CodeSha256 } : {}),
    ...(tags[serviceTag] ? { service: tags[serviceTag] } : {}),
  };
}

/**
 * Lists the account's Lambda functions (paginated ListFunctions, then ListTags for the
 * service and environment tags) -> `Lambda`, `LambdaDeployment` and `deployment-info`.
 */
export const awsLambdaCollector = defineCollector({
  id: 'aws-lambda',
  description: 'Lambda functions and their deployments from the AWS Lambda API',
  schedule: 'rate(15 minutes)',
  configSchema: AwsLambdaCollectorConfigSchema,
  async collect(ctx) {
    const config = ctx.config;
    const client = new LambdaClient({ region: config.region });
    const functions: FunctionConfiguration[] = [];
    for await (const page of paginateListFunctions({ client }, {})) {
      functions.push(...(page.Functions ?? []));
    }
    const tags = await mapConcurrently(
      functions,
      { concurrency: config.concurrency },
      async fn => {
        const answer = await client.send(
          new ListTagsCommand({ Resource: fn.FunctionArn }),
          { abortSignal: ctx.signal },
        );
        return answer.Tags ?? {};
      },
    );
    let skipped = 0;
    for (const [index, fn] of functions.entries()) {
      const identity = identifyFunction(
        { FunctionName: fn.FunctionName! },
        tags[index],
        config,
      );
      if (!identity) {
        skipped += 1;
        ctx.logger.warn(
          `function ${fn.FunctionName} has no "${config.environmentTag}" tag and no default environment is configured: skipped`,
        );
        continue;
      }
      ctx.resources.lambda({ functionName: identity.name });
      const deployment = ctx.resources.lambdaDeployment({
        functionName: identity.name,
        environment: identity.environment,
      });
      ctx.readings['deployment-info'](
        deployment,
        deploymentInfoOf(fn, tags[index], config.serviceTag),
        { collectedAt: ctx.now() },
      );
    }
    ctx.logger.info(
      `listed ${functions.length} functions (${skipped} skipped)`,
    );
  },
});
