import { Deployment, Service, Task, TaskDefinition } from '@aws-sdk/client-ecs';
import { CollectorContext } from '@cockpit/collector-sdk';
import { ResourceRef, imageTag } from '@cockpit/plugin-cockpit-common';
import { lastArnSegment, parseArn, taskDefinitionLabel } from './arn';
import { AwsEcsCollectorConfig } from './config';
import { mainContainerOf } from './mapping';

/** The `deployment-info` of an ECS service: its primary rollout, task definition and counts. */
export function deploymentInfo(options: {
  service: Service;
  primary: Deployment | undefined;
  definition: TaskDefinition | undefined;
  config: AwsEcsCollectorConfig;
  tags: Record<string, string>;
}) {
  const { service, primary, definition, config, tags } = options;
  const { region, awsAccountId } = parseArn(service.serviceArn ?? '');
  const main = definition
    ? mainContainerOf(definition, service.serviceName!, config.mainContainer)
    : undefined;
  const taskDefinition = taskDefinitionLabel(
    primary?.taskDefinition ?? service.taskDefinition,
  );
  const images = (definition?.containerDefinitions ?? [])
    .map(c => c.image)
    .filter((i): i is string => !!i);
  return {
    version: tags[config.versionTag] || imageTag(main?.image) || taskDefinition,
    ...(main?.image ? { image: main.image } : {}),
    ...(images.length ? { images } : {}),
    ...(awsAccountId ? { awsAccountId } : {}),
    ...(region ? { region } : {}),
    deployedAt: (
      primary?.createdAt ??
      service.createdAt ??
      new Date(0)
    ).toISOString(),
    platform: 'ecs',
    cluster: lastArnSegment(service.clusterArn ?? ''),
    ecsService: service.serviceName,
    taskDefinition,
    ...(primary?.rolloutState ? { rolloutState: primary.rolloutState } : {}),
    ...(primary?.rolloutStateReason
      ? { rolloutStateReason: primary.rolloutStateReason }
      : {}),
    desiredCount: service.desiredCount ?? 0,
    runningCount: service.runningCount ?? 0,
    pendingCount: service.pendingCount ?? 0,
    ...(service.launchType ? { launchType: service.launchType } : {}),
  };
}

/** A task that runs, with the ARN and start time the readings need. */
export type RunningTask = Task & { taskArn: string; startedAt: Date };

/** Whether the task runs (tasks still starting or stopping are no instances). */
export function isRunningTask(task: Task): task is RunningTask {
  return task.lastStatus === 'RUNNING' && !!task.taskArn && !!task.startedAt;
}

const HEALTH = { HEALTHY: 'UP', UNHEALTHY: 'DOWN' } as const;

function taskIp(task: Task): string | undefined {
  for (const attachment of task.attachments ?? []) {
    const ip = attachment.details?.find(
      d => d.name === 'privateIPv4Address',
    )?.value;
    if (ip) return ip;
  }
  for (const container of task.containers ?? []) {
    const ip = container.networkInterfaces?.find(
      n => n.privateIpv4Address,
    )?.privateIpv4Address;
    if (ip) return ip;
  }
  return undefined;
}

/** A running task's `instance-info`, and its `health` when the task has a health check. */
export function publishTaskReadings(
  ctx: CollectorContext<AwsEcsCollectorConfig>,
  instance: ResourceRef,
  task: RunningTask,
): void {
  const ip = taskIp(task);
  ctx.readings['instance-info'](
    instance,
    {
      ...(ip ? { ip } : {}),
      startedAt: task.startedAt.toISOString(),
      platform: 'ecs',
      taskArn: task.taskArn,
      taskDefinition: taskDefinitionLabel(task.taskDefinitionArn),
      ...(task.availabilityZone
        ? { availabilityZone: task.availabilityZone }
        : {}),
      ...(task.launchType ? { launchType: task.launchType } : {}),
      ...(task.healthStatus ? { healthStatus: task.healthStatus } : {}),
      containers: (task.containers ?? []).map(c => ({
        name: c.name,
        image: c.image,
        ...(c.imageDigest ? { imageDigest: c.imageDigest } : {}),
        lastStatus: c.lastStatus,
      })),
    },
    { collectedAt: ctx.now() },
  );
  const health = HEALTH[task.healthStatus as keyof typeof HEALTH];
  if (health)
    ctx.readings.health(
      instance,
      { status: health, source: 'ecs' },
      { collectedAt: ctx.now() },
    );
}
