import { z } from 'zod';
import {
  HealthCounts,
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
} from '@cockpit/plugin-cockpit-node';
import {
  Advisory,
  addSeverityCounts,
  countSeverities,
  emptyHealthCounts,
  emptySeverityCounts,
  readAdvisories,
} from './counts';
import { imagePackages } from './imagePackages';
import {
  applyReadings,
  overviewResources,
  READING_TYPES,
} from './serviceOverviewResources';

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
 * Counts the advisories of each deployment's dependency versions and of its images' packages
 * into the deployment's `vulnerabilities`; returns the service's, their sum.
 */
function countVulnerabilities(options: {
  deployments: Map<string, ServiceOverviewDeployment>;
  dependencies: Map<string, string[]>;
  advisories: Map<string, Advisory[]>;
  images: DeploymentImage[];
}): SeverityCounts {
  const { deployments, advisories } = options;
  const vulnerabilities = emptySeverityCounts();
  const count = (deploymentId: string, counts: SeverityCounts) => {
    addSeverityCounts(deployments.get(deploymentId)!.vulnerabilities, counts);
    addSeverityCounts(vulnerabilities, counts);
  };
  for (const [deploymentId, versionNames] of options.dependencies) {
    for (const versionName of versionNames)
      count(deploymentId, countSeverities(advisories.get(versionName) ?? []));
  }
  // the packages of the deployments' images, as deployment-vulnerabilities counts them
  for (const [deploymentId, scans] of imageScans(options.images))
    for (const scan of scans)
      for (const pkg of imagePackages(scan))
        count(deploymentId, countSeverities(pkg.advisories));
  return vulnerabilities;
}

/** Counts each instance's health into its deployment's `health`; returns the service's, their sum. */
function countHealth(
  deployments: Map<string, ServiceOverviewDeployment>,
  instances: Iterable<ServiceOverviewInstance>,
): HealthCounts {
  const health = emptyHealthCounts();
  for (const instance of instances) {
    const deploymentHealth = deployments.get(instance.deploymentId)!.health;
    deploymentHealth[instance.health] += 1;
    deploymentHealth.total += 1;
    health[instance.health] += 1;
    health.total += 1;
  }
  return health;
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
    const { service, deployments, instanceResources } = overviewResources(
      tree,
      serviceId,
      params.service,
    );
    const { ownership, techStack, dependencies, instances } = applyReadings({
      readings,
      serviceId,
      deployments,
      instanceResources,
    });

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
    const vulnerabilities = countVulnerabilities({
      deployments,
      dependencies,
      advisories,
      images: images.images,
    });
    const health = countHealth(deployments, instances.values());

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
