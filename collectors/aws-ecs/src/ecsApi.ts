import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  Service,
  Task,
  TaskDefinition,
  paginateListClusters,
  paginateListServices,
  paginateListTasks,
} from '@aws-sdk/client-ecs';
import { mapConcurrently } from '@cockpit/plugin-cockpit-common';
import { AwsEcsCollectorConfig } from './config';

/** The ECS API calls of one run. */
export interface EcsReader {
  client: ECSClient;
  signal: AbortSignal;
}

/** An ECS client for the configured region and endpoint, cancelled with the run. */
export function createEcsReader(
  config: AwsEcsCollectorConfig,
  signal: AbortSignal,
): EcsReader {
  return {
    client: new ECSClient({
      region: config.region,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    }),
    signal,
  };
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

/** The ARNs of every cluster of the account and region. */
export async function listClusters({ client }: EcsReader): Promise<string[]> {
  const arns: string[] = [];
  for await (const page of paginateListClusters({ client }, {}))
    arns.push(...(page.clusterArns ?? []));
  return arns;
}

/** Every service of a cluster, with its tags. */
export async function describeServices(
  reader: EcsReader,
  cluster: string,
  concurrency: number,
): Promise<Service[]> {
  const arns: string[] = [];
  for await (const page of paginateListServices(
    { client: reader.client },
    { cluster },
  )) {
    arns.push(...(page.serviceArns ?? []));
  }
  // DescribeServices takes at most 10 services per call
  const pages = await mapConcurrently(
    chunks(arns, 10),
    { concurrency },
    async services => {
      const answer = await reader.client.send(
        new DescribeServicesCommand({ cluster, services, include: ['TAGS'] }),
        {
          abortSignal: reader.signal,
        },
      );
      return answer.services ?? [];
    },
  );
  return pages.flat();
}

/** The tasks of a cluster by ARN, running or recently stopped. */
export async function describeTasks(
  reader: EcsReader,
  cluster: string,
  arns: string[],
  concurrency: number,
): Promise<Task[]> {
  // DescribeTasks takes at most 100 tasks per call; stopped tasks stay describable for about an hour
  const pages = await mapConcurrently(
    chunks(arns, 100),
    { concurrency },
    async tasks => {
      const answer = await reader.client.send(
        new DescribeTasksCommand({ cluster, tasks }),
        { abortSignal: reader.signal },
      );
      return answer.tasks ?? [];
    },
  );
  return pages.flat();
}

/** The ARNs of a service's tasks that should run. */
export async function runningTaskArns(
  reader: EcsReader,
  cluster: string,
  serviceName: string,
): Promise<string[]> {
  const arns: string[] = [];
  for await (const page of paginateListTasks(
    { client: reader.client },
    { cluster, serviceName, desiredStatus: 'RUNNING' },
  )) {
    arns.push(...(page.taskArns ?? []));
  }
  return arns;
}

/** Task definitions by ARN (those ECS no longer knows are missing). */
export async function describeTaskDefinitions(
  reader: EcsReader,
  arns: string[],
  concurrency: number,
): Promise<Map<string, TaskDefinition>> {
  const definitions = new Map<string, TaskDefinition>();
  await mapConcurrently(arns, { concurrency }, async arn => {
    const answer = await reader.client.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: arn }),
      {
        abortSignal: reader.signal,
      },
    );
    if (answer.taskDefinition) definitions.set(arn, answer.taskDefinition);
  });
  return definitions;
}
