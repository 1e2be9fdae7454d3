import { Service, Task, TaskDefinition } from '@aws-sdk/client-ecs';
import { CollectorContext } from '@cockpit/collector-sdk';
import { mapConcurrently } from '@cockpit/plugin-cockpit-common';
import { lastArnSegment } from './arn';
import { AwsEcsCollectorConfig } from './config';
import {
  EcsReader,
  describeServices,
  describeTaskDefinitions,
  describeTasks,
  listClusters,
  runningTaskArns,
} from './ecsApi';
import { identifyService, tagsOf } from './mapping';

/** One ECS service placed in Cockpit, with what the run read about it. */
export interface PlacedService {
  cluster: string;
  ecs: Service;
  service: string;
  environment: string;
  tasks: Task[];
}

/** What one run reads of ECS: the services it could place, their tasks and task definitions. */
export interface EcsFleet {
  /** The clusters read (configured, or all of them). */
  clusters: string[];
  placed: PlacedService[];
  /** Services without an environment. */
  skipped: number;
  /** Task definitions of the services and their rollouts, by ARN. */
  definitions: Map<string, TaskDefinition>;
}

/** Reads the clusters' services, places them, then their task definitions and running tasks. */
export async function readFleet(
  ctx: CollectorContext<AwsEcsCollectorConfig>,
  reader: EcsReader,
): Promise<EcsFleet> {
  const config = ctx.config;
  const clusters = config.clusters ?? (await listClusters(reader));
  const { placed, skipped } = await placeServices(ctx, reader, clusters);
  const definitions = await describeTaskDefinitions(
    reader,
    taskDefinitionArns(placed),
    config.concurrency,
  );
  await readRunningTasks(reader, placed, config.concurrency);
  return { clusters, placed, skipped, definitions };
}

/** The services of the clusters that map to a Cockpit service and environment; the others are skipped with a warning. */
async function placeServices(
  ctx: CollectorContext<AwsEcsCollectorConfig>,
  reader: EcsReader,
  clusters: string[],
): Promise<{ placed: PlacedService[]; skipped: number }> {
  const config = ctx.config;
  const placed: PlacedService[] = [];
  let skipped = 0;
  for (const cluster of clusters) {
    const clusterName = lastArnSegment(cluster);
    for (const ecs of await describeServices(
      reader,
      cluster,
      config.concurrency,
    )) {
      const identity = identifyService(
        { serviceName: ecs.serviceName!, clusterName, tags: tagsOf(ecs) },
        config,
      );
      if (!identity) {
        skipped += 1;
        ctx.logger.warn(
          `ECS service ${ecs.serviceName} in ${clusterName} has no "${config.environmentTag}" tag and no environment is configured for its cluster: skipped`,
        );
        continue;
      }
      placed.push({ cluster, ecs, ...identity, tasks: [] });
    }
  }
  return { placed, skipped };
}

/** The task definitions of the services and of each of their rollouts, once each. */
function taskDefinitionArns(placed: PlacedService[]): string[] {
  return [
    ...new Set(
      placed.flatMap(p => [
        p.ecs.taskDefinition,
        ...(p.ecs.deployments ?? []).map(d => d.taskDefinition),
      ]),
    ),
  ].filter((arn): arn is string => !!arn);
}

/** Fills in each placed service's tasks that should run. */
async function readRunningTasks(
  reader: EcsReader,
  placed: PlacedService[],
  concurrency: number,
): Promise<void> {
  await mapConcurrently(placed, { concurrency }, async p => {
    const arns = await runningTaskArns(reader, p.cluster, p.ecs.serviceName!);
    p.tasks = arns.length
      ? await describeTasks(reader, p.cluster, arns, concurrency)
      : [];
  });
}
