import { TaskDefinition } from '@aws-sdk/client-ecs';
import {
  CollectorContext,
  defineCollector,
  publishDeploymentReadings,
  withDistinctEventTimes,
} from '@cockpit/collector-sdk';
import { lastArnSegment } from './arn';
import { AwsEcsCollectorConfig, AwsEcsCollectorConfigSchema } from './config';
import { createEcsReader } from './ecsApi';
import {
  AwsEcsCollectorState,
  emitDeploymentEvents,
  emitStops,
  emitTaskStarted,
  emptyState,
} from './events';
import { PlacedService, readFleet } from './fleet';
import { tagsOf } from './mapping';
import { deploymentInfo, isRunningTask, publishTaskReadings } from './readings';

/**
 * Reads ECS services and their running tasks (ListClusters, ListServices, DescribeServices with
 * tags, DescribeTaskDefinition, ListTasks, DescribeTasks) -> `ServiceDeployment` with
 * `deployment-info` and `deployment-images`, `ContainerImage`, `ServiceInstance` per running task
 * with `instance-info` (and `health` when the task has a health check), and `service-event`s for
 * rollouts started, completed or failed and tasks started or stopped, each once (the collector
 * keeps the deployments and tasks it saw in its state).
 */
export const awsEcsCollector = defineCollector({
  id: 'aws-ecs',
  description:
    'ECS services, their rollouts and running tasks from the Amazon ECS API',
  schedule: 'rate(5 minutes)',
  configSchema: AwsEcsCollectorConfigSchema,
  async collect(runCtx) {
    // events of one service stamped alike (e.g. two rollouts seen finished by one run) stay apart
    const ctx = withDistinctEventTimes(runCtx);
    const reader = createEcsReader(ctx.config, ctx.signal);
    const previous =
      (await ctx.loadState<AwsEcsCollectorState>()) ?? emptyState();
    const next = emptyState();

    const fleet = await readFleet(ctx, reader);
    let instances = 0;
    for (const placed of fleet.placed) {
      instances += publishService(ctx, {
        placed,
        definitions: fleet.definitions,
        previous,
        next,
      });
    }

    await emitStops(ctx, reader, previous, next, new Set(fleet.clusters));
    await ctx.saveState(next);
    ctx.logger.info(
      `read ${fleet.placed.length} ECS services (${fleet.skipped} skipped) with ${instances} running tasks`,
    );
  },
});

/**
 * One placed ECS service: its deployment with info and images, its rollouts' events, and each
 * running task as an instance (with its start event). Returns how many tasks run.
 */
function publishService(
  ctx: CollectorContext<AwsEcsCollectorConfig>,
  options: {
    placed: PlacedService;
    definitions: Map<string, TaskDefinition>;
    previous: AwsEcsCollectorState;
    next: AwsEcsCollectorState;
  },
): number {
  const { placed, definitions, previous, next } = options;
  const primary = placed.ecs.deployments?.find(d => d.status === 'PRIMARY');
  const serviceRef = ctx.resources.service({ service: placed.service });
  const deploymentRef = ctx.resources.serviceDeployment(placed);
  publishDeploymentReadings(
    ctx,
    deploymentRef,
    deploymentInfo({
      service: placed.ecs,
      primary,
      definition: definitions.get(
        primary?.taskDefinition ?? placed.ecs.taskDefinition ?? '',
      ),
      config: ctx.config,
      tags: tagsOf(placed.ecs),
    }),
  );
  emitDeploymentEvents({ ctx, ...options, serviceRef, deploymentRef });

  let instances = 0;
  for (const task of placed.tasks) {
    if (!isRunningTask(task)) continue;
    const instanceId = lastArnSegment(task.taskArn);
    const instance = ctx.resources.serviceInstance({ ...placed, instanceId });
    publishTaskReadings(ctx, instance, task);
    emitTaskStarted({
      ctx,
      placed,
      serviceRef,
      instance,
      task,
      previous,
      next,
    });
    instances += 1;
  }
  return instances;
}
