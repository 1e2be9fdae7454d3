import { Task, TaskDefinition } from '@aws-sdk/client-ecs';
import {
  CollectorContext,
  emitRolloutEvents,
  goneSinceLastRun,
} from '@cockpit/collector-sdk';
import {
  RESOURCE_TYPES,
  ResourceRef,
  names,
} from '@cockpit/plugin-cockpit-common';
import { lastArnSegment, taskDefinitionLabel } from './arn';
import { AwsEcsCollectorConfig } from './config';
import { EcsReader, describeTasks } from './ecsApi';
import { PlacedService } from './fleet';
import { rolloutVersion } from './mapping';
import { RunningTask } from './readings';

/** What the collector remembers between runs, to emit each event once. */
export interface AwsEcsCollectorState {
  /** ECS deployment id -> its rollout state when last seen. */
  deployments: Record<string, { rolloutState?: string }>;
  /** Task ARN -> where it ran, for its stop event. */
  tasks: Record<
    string,
    {
      cluster: string;
      service: string;
      environment: string;
      instanceId: string;
    }
  >;
}

/** The state of a run that has seen nothing yet. */
export function emptyState(): AwsEcsCollectorState {
  return { deployments: {}, tasks: {} };
}

/** Each rollout (ECS deployment) of a service started, completed or failed since the last run; remembered in `next`. */
export function emitDeploymentEvents(options: {
  ctx: CollectorContext<AwsEcsCollectorConfig>;
  placed: PlacedService;
  serviceRef: ResourceRef;
  deploymentRef: ResourceRef;
  definitions: Map<string, TaskDefinition>;
  previous: AwsEcsCollectorState;
  next: AwsEcsCollectorState;
}) {
  const { ctx, placed, serviceRef, deploymentRef, previous, next } = options;
  const where = `${placed.service} ${placed.environment}`;
  for (const deployment of placed.ecs.deployments ?? []) {
    if (!deployment.id) continue;
    const taskDefinition = taskDefinitionLabel(deployment.taskDefinition);
    const version = rolloutVersion(
      deployment,
      placed.ecs.serviceName!,
      options.definitions,
      ctx.config,
    );
    emitRolloutEvents(
      ctx,
      serviceRef,
      {
        where,
        label: taskDefinition,
        version,
        rolloutState: deployment.rolloutState,
        reason: deployment.rolloutStateReason,
        startedAt: deployment.createdAt,
        finishedAt: deployment.updatedAt ?? deployment.createdAt ?? ctx.now(),
        details: {
          resource: deploymentRef,
          deploymentId: deployment.id,
          taskDefinition,
          version,
          ...(deployment.rolloutState
            ? { rolloutState: deployment.rolloutState }
            : {}),
        },
      },
      previous.deployments[deployment.id],
    );
    next.deployments[deployment.id] = { rolloutState: deployment.rolloutState };
  }
}

/** `instance-started` for a running task the last run did not see; remembered in `next` for its stop event. */
export function emitTaskStarted(options: {
  ctx: CollectorContext<AwsEcsCollectorConfig>;
  placed: PlacedService;
  serviceRef: ResourceRef;
  instance: ResourceRef;
  task: RunningTask;
  previous: AwsEcsCollectorState;
  next: AwsEcsCollectorState;
}): void {
  const { ctx, placed, serviceRef, instance, task, previous, next } = options;
  const instanceId = lastArnSegment(task.taskArn);
  if (!previous.tasks[task.taskArn]) {
    ctx.readings['service-event'](
      serviceRef,
      {
        kind: 'instance-started',
        title: `task ${instanceId} started in ${
          placed.environment
        } (${taskDefinitionLabel(task.taskDefinitionArn)})`,
        resource: instance,
      },
      { collectedAt: task.startedAt },
    );
  }
  next.tasks[task.taskArn] = {
    cluster: placed.cluster,
    service: placed.service,
    environment: placed.environment,
    instanceId,
  };
}

/** `instance-stopped` for each task seen last run that no longer runs, at its stop time when ECS still knows it. */
export async function emitStops(
  ctx: CollectorContext<AwsEcsCollectorConfig>,
  reader: EcsReader,
  previous: AwsEcsCollectorState,
  next: AwsEcsCollectorState,
  clusters: Set<string>,
) {
  // a task of a cluster this run did not read is kept for the run that does
  const gone = goneSinceLastRun(previous.tasks, next.tasks, seen =>
    clusters.has(seen.cluster),
  );
  const described = await describeGoneTasks(ctx, reader, gone);
  for (const [arn, seen] of gone) {
    const task = described.get(arn);
    const reason =
      task?.stoppedReason ?? (task ? undefined : 'no longer known to ECS');
    ctx.readings['service-event'](
      { type: RESOURCE_TYPES.Service, name: names.service(seen) },
      {
        kind: 'instance-stopped',
        title: `task ${seen.instanceId} stopped in ${seen.environment}${
          reason ? `: ${reason}` : ''
        }`,
        // a reference only: declaring the stopped instance would keep it looking alive
        resource: {
          type: RESOURCE_TYPES.ServiceInstance,
          name: names.serviceInstance(seen),
        },
        ...(task?.stopCode ? { stopCode: task.stopCode } : {}),
        ...(task?.stopCode === 'TaskFailedToStart' ||
        task?.stopCode === 'EssentialContainerExited'
          ? { severity: 'MEDIUM' }
          : {}),
      },
      { collectedAt: task?.stoppedAt ?? task?.stoppingAt ?? ctx.now() },
    );
  }
}

/** The stopped tasks as ECS still describes them (for about an hour), by ARN, cluster by cluster. */
async function describeGoneTasks(
  ctx: CollectorContext<AwsEcsCollectorConfig>,
  reader: EcsReader,
  gone: [string, AwsEcsCollectorState['tasks'][string]][],
): Promise<Map<string, Task>> {
  const byCluster = new Map<string, string[]>();
  for (const [arn, seen] of gone)
    byCluster.set(seen.cluster, [...(byCluster.get(seen.cluster) ?? []), arn]);
  const described = new Map<string, Task>();
  for (const [cluster, arns] of byCluster) {
    for (const task of await describeTasks(
      reader,
      cluster,
      arns,
      ctx.config.concurrency,
    )) {
      if (task.taskArn) described.set(task.taskArn, task);
    }
  }
  return described;
}
