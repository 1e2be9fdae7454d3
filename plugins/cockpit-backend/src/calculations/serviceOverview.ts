import { NotFoundError } from '@backstage/errors';
import { z } from 'zod';
import {
  JvmRuntimeInfo,
  parseName,
  ReadingValue,
  Resource,
  resourceId,
  ServiceOverviewDeployment,
  ServiceOverviewInstance,
  ServiceOverviewResult,
  ServiceOverviewUpstream,
  SeverityCounts,
} from '@cockpit/plugin-cockpit-common';
import {
  CockpitStore,
  defineCalculation,
  DeploymentImage,
  StoredReading,
} from '@cockpit/plugin-cockpit-node';
import {
  addSeverityCounts,
  countSeverities,
  emptyHealthCounts,
  emptySeverityCounts,
  readAdvisories,
} from './counts';
import { imagePackages } from './imagePackages';

const READING_TYPES = [
  'ownership',
  'tech-stack',
  'deployment-info',
  'jvm-runtime',
  'egress-dependencies',
  'deployment-dependencies',
  'health',
  'instance-info',
] as const;

type OverviewReading = StoredReading<(typeof READING_TYPES)[number]>;

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

/** The upstreams of all deployments, each with the environments that call it and whether it is a known service. */
async function upstreamsOf(
  store: CockpitStore,
  deployments: ServiceOverviewDeployment[],
): Promise<ServiceOverviewUpstream[]> {
  const environments = new Map<string, string[]>();
  for (const deployment of deployments) {
    for (const upstream of deployment.egressUpstreams) {
      environments.set(upstream, [
        ...(environments.get(upstream) ?? []),
        deployment.environment,
      ]);
    }
  }
  const known = await store.getResources({
    ids: [...environments.keys()].map(name => resourceId('Service', name)),
  });
  const knownNames = new Set(known.map(service => service.name));
  return [...environments.keys()].sort().map(name => ({
    service: name,
    environments: environments.get(name)!,
    known: knownNames.has(name),
  }));
}

/** Each deployment's image scans, each image once however often a deployment lists it. */
function imageScans(
  images: DeploymentImage[],
): Map<string, Array<NonNullable<DeploymentImage['scan']>>> {
  const byDeployment = new Map<
    string,
    Map<string, NonNullable<DeploymentImage['scan']>>
  >();
  for (const image of images) {
    if (!image.scan) continue;
    let scans = byDeployment.get(image.deploymentId);
    if (!scans) byDeployment.set(image.deploymentId, (scans = new Map()));
    scans.set(image.image, image.scan);
  }
  return new Map(
    [...byDeployment].map(([id, scans]) => [id, [...scans.values()]]),
  );
}

/**
 * `service-overview?service=`: everything the Cockpit tab's overview shows, in two rounds of
 * two store reads whatever the number of deployments and instances: the service's subtree and
 * the current readings of all of it, then the advisories of the deployments' dependency
 * versions and which upstreams are known services.
 */
export const serviceOverviewCalculation = defineCalculation({
  name: 'service-overview',
  description:
    "Owner, tech stack, each environment's deployment (version, deploy time, JVM, upstreams, instance health, vulnerability counts) and the instances of a service",
  params: z.strictObject({
    service: z
      .string()
      .min(1)
      .describe('the service name (Backstage Component name)'),
  }),
  async run({ store, params }): Promise<ServiceOverviewResult> {
    const serviceId = resourceId('Service', params.service);
    const [tree, { readings }] = await Promise.all([
      store.getSubtree({ rootId: serviceId }),
      store.readCurrent({ subtreeOf: serviceId, types: READING_TYPES }),
    ]);
    const service = tree.find(resource => resource.id === serviceId);
    if (!service)
      throw new NotFoundError(`No Service named "${params.service}"`);
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

    const instanceIds = new Set(instanceResources.map(instance => instance.id));
    let ownership: ServiceOverviewResult['ownership'] = null;
    let techStack: ServiceOverviewResult['techStack'] = null;
    const dependencies = new Map<string, string[]>();
    const instanceReadings: OverviewReading[] = [];
    for (const reading of readings) {
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

    const sortedDeployments = [...deployments.values()].sort((a, b) =>
      a.environment.localeCompare(b.environment),
    );
    const [advisories, egressUpstreams, images] = await Promise.all([
      readAdvisories({
        store,
        versionNames: new Set([...dependencies.values()].flat()),
      }),
      upstreamsOf(store, sortedDeployments),
      store.readDeploymentImages({ deploymentIds: [...deployments.keys()] }),
    ]);
    const vulnerabilities = emptySeverityCounts();
    const count = (deploymentId: string, counts: SeverityCounts) => {
      addSeverityCounts(deployments.get(deploymentId)!.vulnerabilities, counts);
      addSeverityCounts(vulnerabilities, counts);
    };
    for (const [deploymentId, versionNames] of dependencies) {
      for (const versionName of versionNames)
        count(deploymentId, countSeverities(advisories.get(versionName) ?? []));
    }
    // the packages of the deployments' images, as deployment-vulnerabilities counts them
    for (const [deploymentId, scans] of imageScans(images.images))
      for (const scan of scans)
        for (const pkg of imagePackages(scan))
          count(deploymentId, countSeverities(pkg.advisories));
    const health = emptyHealthCounts();
    for (const instance of instances.values()) {
      const deploymentHealth = deployments.get(instance.deploymentId)!.health;
      deploymentHealth[instance.health] += 1;
      deploymentHealth.total += 1;
      health[instance.health] += 1;
      health.total += 1;
    }

    return {
      service: {
        id: service.id,
        name: service.name,
        createdOn: service.createdOn,
        lastSeenOn: service.lastSeenOn,
      },
      ownership,
      techStack,
      deployments: sortedDeployments,
      health,
      vulnerabilities,
      egressUpstreams,
      instances: [...instances.values()].sort(
        (a, b) =>
          a.environment.localeCompare(b.environment) ||
          a.name.localeCompare(b.name),
      ),
    };
  },
});
