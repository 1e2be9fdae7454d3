import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  Deployment,
  ECSClient,
  Service,
  Task,
  TaskDefinition,
  paginateListClusters,
  paginateListServices,
  paginateListTasks,
} from '@aws-sdk/client-ecs';
import { z } from 'zod';
import {
  CollectorContext,
  defineCollector,
  withDistinctEventTimes,
} from '@cockpit/collector-sdk';
import {
  RESOURCE_TYPES,
  ResourceRef,
  names,
  imageTag,
  mapConcurrently,
} from '@cockpit/plugin-cockpit-common';

/** Configuration of the AWS ECS collector. */
export const AwsEcsCollectorConfigSchema = z.object({
  /** AWS region; the SDK's default chain when absent. */
  region: z.string().optional(),
  /** Endpoint of the ECS API (a VPC endpoint, LocalStack, the recorded-response replay of the fixtures). */
  endpoint: z.string().url().optional(),
  /** Cluster names or ARNs to read; every cluster of the account and region when absent. */
  clusters: z.array(z.string().min(1)).optional(),
  /** Tag of the ECS service holding the Cockpit (catalog) service name. */
  serviceTag: z.string().default('service'),
  /** Tag of the ECS service holding the environment. */
  environmentTag: z.string().default('environment'),
  /** Tag of the ECS service holding the version; the main container's image tag otherwise. */
  versionTag: z.string().default('version'),
  /** Environment of a cluster's services that have no environment tag, by cluster name. */
  clusterEnvironments: z.record(z.string(), z.string().min(1)).default({}),
  /** Without tag or cluster mapping, use the cluster name as the environment. */
  environmentFromCluster: z.boolean().default(false),
  /** Environment of services that none of the above places. */
  environment: z.string().min(1).optional(),
  /** Cockpit service names by ECS service name, for services without the service tag. */
  services: z.record(z.string(), z.string().min(1)).default({}),
  /** Without a service tag, `payment-service-production` in production is the service `payment-service`. */
  stripEnvironmentSuffix: z.boolean().default(true),
  /** Name of the main container (its image gives version and `image`); else the one named like the service, else the first essential one. */
  mainContainer: z.string().optional(),
  /** API calls in flight at once. */
  concurrency: z.number().int().min(1).default(5),
});

/** Configuration of the AWS ECS collector, as parsed. */
export type AwsEcsCollectorConfig = z.output<
  typeof AwsEcsCollectorConfigSchema
>;

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

/** Region, account and the resource path of an ARN (`arn:aws:ecs:<region>:<account>:<resource>`). */
export function parseArn(arn: string): {
  region?: string;
  awsAccountId?: string;
  resource: string;
} {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return { resource: arn };
  return {
    region: parts[3],
    awsAccountId: parts[4],
    resource: parts.slice(5).join(':'),
  };
}

/** The last segment of an ARN's resource path: a cluster's name, a task's id. */
export function lastArnSegment(arn: string): string {
  const { resource } = parseArn(arn);
  return resource.slice(resource.lastIndexOf('/') + 1);
}

function tagsOf(service: Service): Record<string, string> {
  return Object.fromEntries(
    (service.tags ?? []).filter(t => t.key).map(t => [t.key!, t.value ?? '']),
  );
}

/** The Cockpit service and environment of an ECS service, from its tags and the configuration. */
export function identifyService(
  service: {
    serviceName: string;
    clusterName: string;
    tags: Record<string, string>;
  },
  config: AwsEcsCollectorConfig,
): { service: string; environment: string } | undefined {
  const environment =
    service.tags[config.environmentTag] ||
    config.clusterEnvironments[service.clusterName] ||
    (config.environmentFromCluster ? service.clusterName : undefined) ||
    config.environment;
  if (!environment) return undefined;
  let name =
    service.tags[config.serviceTag] || config.services[service.serviceName];
  if (!name) {
    name = service.serviceName;
    const suffix = `-${environment}`;
    if (
      config.stripEnvironmentSuffix &&
      name.endsWith(suffix) &&
      name.length > suffix.length
    ) {
      name = name.slice(0, -suffix.length);
    }
  }
  return { service: name, environment };
}

/** The main container of a task definition: configured, named like the service, or the first essential one. */
export function mainContainerOf(
  definition: TaskDefinition,
  serviceName: string,
  configured?: string,
) {
  const containers = definition.containerDefinitions ?? [];
  return (
    (configured && containers.find(c => c.name === configured)) ||
    containers.find(c => c.name === serviceName) ||
    containers.find(c => c.essential !== false) ||
    containers[0]
  );
}

function taskDefinitionLabel(arn: string | undefined): string {
  return arn ? lastArnSegment(arn) : 'unknown';
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
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

interface EcsReader {
  client: ECSClient;
  signal: AbortSignal;
}

async function listClusters({ client }: EcsReader): Promise<string[]> {
  const arns: string[] = [];
  for await (const page of paginateListClusters({ client }, {}))
    arns.push(...(page.clusterArns ?? []));
  return arns;
}

async function describeServices(
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

async function describeTasks(
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

async function runningTaskArns(
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

function deploymentInfo(options: {
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

/** One ECS service placed in Cockpit, with what the run read about it. */
interface PlacedService {
  cluster: string;
  ecs: Service;
  service: string;
  environment: string;
  tasks: Task[];
}

function emitDeploymentEvents(options: {
  ctx: CollectorContext<AwsEcsCollectorConfig>;
  placed: PlacedService;
  serviceRef: ResourceRef;
  deploymentRef: ResourceRef;
  previous: AwsEcsCollectorState;
  next: AwsEcsCollectorState;
  versionOf: (deployment: Deployment) => string;
}) {
  const { ctx, placed, serviceRef, deploymentRef, previous, next, versionOf } =
    options;
  const where = `${placed.service} ${placed.environment}`;
  for (const deployment of placed.ecs.deployments ?? []) {
    if (!deployment.id) continue;
    const seen = previous.deployments[deployment.id];
    const taskDefinition = taskDefinitionLabel(deployment.taskDefinition);
    const common = {
      resource: deploymentRef,
      deploymentId: deployment.id,
      taskDefinition,
      version: versionOf(deployment),
      ...(deployment.rolloutState
        ? { rolloutState: deployment.rolloutState }
        : {}),
    };
    if (!seen && deployment.createdAt) {
      ctx.readings['service-event'](
        serviceRef,
        {
          kind: 'deployment',
          title: `${where}: rollout of ${taskDefinition} (${common.version}) started`,
          ...common,
        },
        { collectedAt: deployment.createdAt },
      );
    }
    const finished =
      deployment.rolloutState === 'COMPLETED' ||
      deployment.rolloutState === 'FAILED';
    if (finished && seen?.rolloutState !== deployment.rolloutState) {
      const failed = deployment.rolloutState === 'FAILED';
      ctx.readings['service-event'](
        serviceRef,
        {
          kind: failed ? 'deployment-failed' : 'deployment-completed',
          title: `${where}: rollout of ${taskDefinition} (${common.version}) ${
            failed ? 'failed' : 'completed'
          }${
            failed && deployment.rolloutStateReason
              ? `: ${deployment.rolloutStateReason}`
              : ''
          }`,
          ...(failed ? { severity: 'HIGH' } : {}),
          ...common,
        },
        {
          collectedAt:
            deployment.updatedAt ?? deployment.createdAt ?? ctx.now(),
        },
      );
    }
    next.deployments[deployment.id] = { rolloutState: deployment.rolloutState };
  }
}

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
    const config = ctx.config;
    const reader: EcsReader = {
      client: new ECSClient({
        region: config.region,
        ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      }),
      signal: ctx.signal,
    };
    const previous: AwsEcsCollectorState =
      (await ctx.loadState<AwsEcsCollectorState>()) ?? {
        deployments: {},
        tasks: {},
      };
    const next: AwsEcsCollectorState = { deployments: {}, tasks: {} };

    const clusters = config.clusters ?? (await listClusters(reader));
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

    const definitionArns = [
      ...new Set(
        placed.flatMap(p => [
          p.ecs.taskDefinition,
          ...(p.ecs.deployments ?? []).map(d => d.taskDefinition),
        ]),
      ),
    ].filter((arn): arn is string => !!arn);
    const definitions = new Map<string, TaskDefinition>();
    await mapConcurrently(
      definitionArns,
      { concurrency: config.concurrency },
      async arn => {
        const answer = await reader.client.send(
          new DescribeTaskDefinitionCommand({ taskDefinition: arn }),
          {
            abortSignal: ctx.signal,
          },
        );
        if (answer.taskDefinition) definitions.set(arn, answer.taskDefinition);
      },
    );

    await mapConcurrently(
      placed,
      { concurrency: config.concurrency },
      async p => {
        const arns = await runningTaskArns(
          reader,
          p.cluster,
          p.ecs.serviceName!,
        );
        p.tasks = arns.length
          ? await describeTasks(reader, p.cluster, arns, config.concurrency)
          : [];
      },
    );

    let instances = 0;
    for (const p of placed) {
      const tags = tagsOf(p.ecs);
      const primary = p.ecs.deployments?.find(d => d.status === 'PRIMARY');
      const definition = definitions.get(
        primary?.taskDefinition ?? p.ecs.taskDefinition ?? '',
      );
      const serviceRef = ctx.resources.service({ service: p.service });
      const deployment = ctx.resources.serviceDeployment(p);
      const info = deploymentInfo({
        service: p.ecs,
        primary,
        definition,
        config,
        tags,
      });
      ctx.readings['deployment-info'](deployment, info, {
        collectedAt: ctx.now(),
      });
      const images = (info.images ?? []).map(
        image => ctx.resources.containerImage({ image }).name,
      );
      ctx.readings['deployment-images'](
        deployment,
        { images: [...new Set(images)] },
        { collectedAt: ctx.now() },
      );

      const versionOf = (d: Deployment) => {
        const def = definitions.get(d.taskDefinition ?? '');
        const main = def
          ? mainContainerOf(def, p.ecs.serviceName!, config.mainContainer)
          : undefined;
        return imageTag(main?.image) ?? taskDefinitionLabel(d.taskDefinition);
      };
      emitDeploymentEvents({
        ctx,
        placed: p,
        serviceRef,
        deploymentRef: deployment,
        previous,
        next,
        versionOf,
      });

      for (const task of p.tasks) {
        if (task.lastStatus !== 'RUNNING' || !task.taskArn || !task.startedAt)
          continue;
        const instanceId = lastArnSegment(task.taskArn);
        const instance = ctx.resources.serviceInstance({ ...p, instanceId });
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
        if (!previous.tasks[task.taskArn]) {
          ctx.readings['service-event'](
            serviceRef,
            {
              kind: 'instance-started',
              title: `task ${instanceId} started in ${
                p.environment
              } (${taskDefinitionLabel(task.taskDefinitionArn)})`,
              resource: instance,
            },
            { collectedAt: task.startedAt },
          );
        }
        next.tasks[task.taskArn] = {
          cluster: p.cluster,
          service: p.service,
          environment: p.environment,
          instanceId,
        };
        instances += 1;
      }
    }

    await emitStops(ctx, reader, previous, next, new Set(clusters));
    await ctx.saveState(next);
    ctx.logger.info(
      `read ${placed.length} ECS services (${skipped} skipped) with ${instances} running tasks`,
    );
  },
});

/** `instance-stopped` for each task seen last run that no longer runs, at its stop time when ECS still knows it. */
async function emitStops(
  ctx: CollectorContext<AwsEcsCollectorConfig>,
  reader: EcsReader,
  previous: AwsEcsCollectorState,
  next: AwsEcsCollectorState,
  clusters: Set<string>,
) {
  const gone = Object.entries(previous.tasks).filter(
    ([arn]) => !next.tasks[arn],
  );
  const byCluster = new Map<string, string[]>();
  for (const [arn, seen] of gone) {
    if (!clusters.has(seen.cluster)) {
      next.tasks[arn] = seen; // a cluster this run did not read: keep it for the run that does
      continue;
    }
    byCluster.set(seen.cluster, [...(byCluster.get(seen.cluster) ?? []), arn]);
  }
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
  for (const [arn, seen] of gone) {
    if (!byCluster.get(seen.cluster)?.includes(arn)) continue;
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
