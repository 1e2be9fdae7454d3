import { NotFoundError } from '@backstage/errors';
import {
  JvmRuntimeInfo,
  parseName,
  ReadingValue,
  Resource,
  ServiceOverviewDeployment,
  ServiceOverviewInstance,
  ServiceOverviewResult,
} from '@cockpit/plugin-cockpit-common';
import type { StoredReading } from '@cockpit/plugin-cockpit-node';
import { emptyHealthCounts, emptySeverityCounts } from './counts';

/*
 * The service overview's service, deployments and instances: built from the service's
 * subtree, then filled in from the current readings of all of it.
 */

/** The reading types the overview reads, of the service, its deployments and its instances. */
export const READING_TYPES = [
  'ownership',
  'tech-stack',
  'deployment-info',
  'jvm-runtime',
  'egress-dependencies',
  'deployment-dependencies',
  'health',
  'instance-info',
] as const;

export type OverviewReading = StoredReading<(typeof READING_TYPES)[number]>;

function jvmRuntime(value: ReadingValue<'jvm-runtime'>): JvmRuntimeInfo {
  return {
    javaVersion: value.javaVersion,
    ...(value.vendor !== undefined ? { vendor: value.vendor } : {}),
    ...(value.gc !== undefined ? { gc: value.gc } : {}),
    jvmArgs: value.jvmArgs,
  };
}

function newDeployment(resource: Resource): ServiceOverviewDeployment {
  return {
    id: resource.id,
    name: resource.name,
    environment:
      parseName.serviceDeployment(resource.name)?.environment ?? resource.name,
    version: null,
    deployedAt: null,
    image: null,
    region: null,
    awsAccountId: null,
    jvmRuntime: null,
    egressUpstreams: [],
    health: emptyHealthCounts(),
    vulnerabilities: emptySeverityCounts(),
    dependencyCount: 0,
  };
}

function applyDeploymentReading(
  deployment: ServiceOverviewDeployment,
  reading: OverviewReading,
  dependencies: Map<string, string[]>,
) {
  if (reading.type === 'deployment-info') {
    deployment.version = reading.value.version;
    deployment.deployedAt = new Date(reading.value.deployedAt).toISOString();
    deployment.image = reading.value.image ?? null;
    deployment.region = reading.value.region ?? null;
    deployment.awsAccountId = reading.value.awsAccountId ?? null;
  } else if (reading.type === 'jvm-runtime') {
    deployment.jvmRuntime = jvmRuntime(reading.value);
  } else if (reading.type === 'egress-dependencies') {
    deployment.egressUpstreams = [...new Set(reading.value.upstreams)].sort();
  } else if (reading.type === 'deployment-dependencies') {
    deployment.dependencyCount = reading.value.dependencies.length;
    dependencies.set(deployment.id, reading.value.dependencies);
  }
}

function newInstance(
  resource: Resource,
  deployment: ServiceOverviewDeployment,
): ServiceOverviewInstance {
  return {
    id: resource.id,
    name: resource.name,
    instanceId:
      parseName.serviceInstance(resource.name)?.instanceId ?? resource.name,
    environment: deployment.environment,
    deploymentId: deployment.id,
    health: 'UNKNOWN',
    healthCollectedAt: null,
    ip: null,
    host: null,
    startedAt: null,
    jvmRuntime: deployment.jvmRuntime,
    lastSeenOn: resource.lastSeenOn,
  };
}

function applyInstanceReading(
  instance: ServiceOverviewInstance,
  reading: OverviewReading,
) {
  if (reading.type === 'health') {
    instance.health = reading.value.status;
    instance.healthCollectedAt = reading.collectedAt.toISOString();
  } else if (reading.type === 'instance-info') {
    instance.ip = reading.value.ip ?? null;
    instance.host = reading.value.host ?? null;
    instance.startedAt = new Date(reading.value.startedAt).toISOString();
  } else if (reading.type === 'jvm-runtime') {
    instance.jvmRuntime = jvmRuntime(reading.value);
  }
}

/** The service, its deployments (not yet sorted) and the instances under them, from its subtree. */
export function overviewResources(
  tree: Resource[],
  serviceId: string,
  serviceName: string,
): {
  service: Resource;
  deployments: Map<string, ServiceOverviewDeployment>;
  instanceResources: Resource[];
} {
  const service = tree.find(resource => resource.id === serviceId);
  if (!service) throw new NotFoundError(`No Service named "${serviceName}"`);
  const deployments = new Map(
    tree
      .filter(
        resource =>
          resource.parentId === serviceId &&
          resource.type === 'ServiceDeployment',
      )
      .map(resource => [resource.id, newDeployment(resource)]),
  );
  const instanceResources = tree.filter(
    resource =>
      resource.type === 'ServiceInstance' &&
      deployments.has(resource.parentId ?? ''),
  );
  return { service, deployments, instanceResources };
}

/**
 * Puts each current reading where it belongs: the service's ownership and tech stack, its
 * deployments' fields (filled in place) and dependency version names, and its instances.
 */
export function applyReadings(options: {
  readings: OverviewReading[];
  serviceId: string;
  deployments: Map<string, ServiceOverviewDeployment>;
  instanceResources: Resource[];
}): {
  ownership: ServiceOverviewResult['ownership'];
  techStack: ServiceOverviewResult['techStack'];
  /** The dependency version names of each deployment, by deployment id. */
  dependencies: Map<string, string[]>;
  instances: Map<string, ServiceOverviewInstance>;
} {
  const { serviceId, deployments, instanceResources } = options;
  const instanceIds = new Set(instanceResources.map(instance => instance.id));
  let ownership: ServiceOverviewResult['ownership'] = null;
  let techStack: ServiceOverviewResult['techStack'] = null;
  const dependencies = new Map<string, string[]>();
  const instanceReadings: OverviewReading[] = [];
  for (const reading of options.readings) {
    const deployment = deployments.get(reading.resourceId);
    if (deployment) applyDeploymentReading(deployment, reading, dependencies);
    else if (instanceIds.has(reading.resourceId))
      instanceReadings.push(reading);
    else if (reading.resourceId !== serviceId) continue;
    else if (reading.type === 'ownership') ownership = reading.value;
    else if (reading.type === 'tech-stack') techStack = reading.value;
  }
  // after the deployments' readings: an instance without a jvm-runtime of its own shows its deployment's
  const instances = new Map(
    instanceResources.map(resource => [
      resource.id,
      newInstance(resource, deployments.get(resource.parentId!)!),
    ]),
  );
  for (const reading of instanceReadings)
    applyInstanceReading(instances.get(reading.resourceId)!, reading);
  return { ownership, techStack, dependencies, instances };
}
