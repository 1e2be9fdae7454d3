import { z } from 'zod';
import {
  FleetPackageOrigin,
  FleetVulnerabilitiesResult,
  FleetVulnerablePackage,
  FleetVulnerableService,
  parseName,
  SEVERITIES,
  Severity,
  SeverityCounts,
} from '@cockpit/plugin-cockpit-common';
import { CockpitStore, defineCalculation } from '@cockpit/plugin-cockpit-node';
import {
  Advisory,
  compareSeverityCounts,
  emptySeverityCounts,
  highestSeverity,
  severityRank,
} from './counts';
import { deploymentParts, imagePackages } from './imagePackages';

/** A vulnerable package in one deployment: a library version, or a package of one of its images. */
interface Hit {
  deployment: string;
  service: string;
  /** Package URL without version, or the scanner's package name. */
  package: string;
  version: string;
  /** An image's package: the image and the package's class. */
  image?: { name: string; class: 'os' | 'library' };
  advisories: readonly Advisory[];
}

/** What is known of one vulnerable package across the fleet. */
interface PackageTally {
  package: string;
  origin: FleetPackageOrigin;
  versions: Set<string>;
  deployments: Set<string>;
  services: Set<string>;
  advisories: Map<string, Severity>;
}

/** The higher of two severities for one advisory id in `ratings`. */
function rate(ratings: Map<string, Severity>, id: string, severity: Severity) {
  const rated = ratings.get(id);
  if (!rated || severityRank(severity) < severityRank(rated))
    ratings.set(id, severity);
}

function packageTally(
  packages: Map<string, PackageTally>,
  hit: Hit,
): PackageTally {
  const key = `${hit.image ? 'image' : 'library'}\n${hit.package}`;
  let pkg = packages.get(key);
  if (!pkg) {
    pkg = {
      package: hit.package,
      origin: hit.image
        ? { kind: 'image', class: hit.image.class, images: [] }
        : { kind: 'library' },
      versions: new Set(),
      deployments: new Set(),
      services: new Set(),
      advisories: new Map(),
    };
    packages.set(key, pkg);
  }
  if (hit.image && pkg.origin.kind === 'image') {
    if (!pkg.origin.images.includes(hit.image.name))
      pkg.origin.images.push(hit.image.name);
    if (hit.image.class === 'os') pkg.origin.class = 'os';
  }
  return pkg;
}

/** Counts every (deployment, vulnerable package, advisory) hit by service, package, origin and severity. */
function tally(hits: Iterable<Hit>) {
  const countsByOrigin = {
    library: emptySeverityCounts(),
    image: emptySeverityCounts(),
  };
  // Each advisory at the highest severity it is rated at anywhere in the fleet (an alias group
  // may be rated differently per package), so it is counted once among the advisories.
  const advisorySeverity = new Map<string, Severity>();
  const services = new Map<string, SeverityCounts>();
  const deployments = new Set<string>();
  const packages = new Map<string, PackageTally>();
  for (const hit of hits) {
    const serviceCounts = services.get(hit.service) ?? emptySeverityCounts();
    services.set(hit.service, serviceCounts);
    deployments.add(hit.deployment);
    const pkg = packageTally(packages, hit);
    if (hit.version) pkg.versions.add(hit.version);
    pkg.deployments.add(hit.deployment);
    pkg.services.add(hit.service);
    const counts = countsByOrigin[hit.image ? 'image' : 'library'];
    for (const advisory of hit.advisories) {
      counts[advisory.severity] += 1;
      serviceCounts[advisory.severity] += 1;
      rate(advisorySeverity, advisory.id, advisory.severity);
      rate(pkg.advisories, advisory.id, advisory.severity);
    }
  }
  return { countsByOrigin, advisorySeverity, services, deployments, packages };
}

function rankPackages(
  packages: Map<string, PackageTally>,
  limit: number,
): FleetVulnerablePackage[] {
  return [...packages.values()]
    .map(pkg => {
      const advisories = [...pkg.advisories.entries()].sort(
        (a, b) =>
          severityRank(a[1]) - severityRank(b[1]) || a[0].localeCompare(b[0]),
      );
      if (pkg.origin.kind === 'image') pkg.origin.images.sort();
      return {
        package: pkg.package,
        origin: pkg.origin,
        versions: [...pkg.versions].sort(),
        deployments: pkg.deployments.size,
        services: pkg.services.size,
        highestSeverity: advisories[0]?.[1] ?? 'UNKNOWN',
        advisories: advisories.map(([id]) => id),
      };
    })
    .sort(
      (a, b) =>
        b.deployments - a.deployments ||
        severityRank(a.highestSeverity) - severityRank(b.highestSeverity) ||
        a.package.localeCompare(b.package) ||
        a.origin.kind.localeCompare(b.origin.kind),
    )
    .slice(0, limit);
}

/**
 * Every vulnerable package of every deployment, in four store reads: the vulnerable versions
 * (non-empty `vulnerabilities` only, through `readings_with_items_idx`) beside the images with
 * non-empty scans and the deployments running them; then the versions' names; then the
 * deployments that link to those versions.
 */
async function readHits(store: CockpitStore): Promise<Hit[]> {
  const [{ readings }, images] = await Promise.all([
    store.readCurrent({
      resourceType: 'SoftwareDependencyVersion',
      types: ['vulnerabilities'],
      withItems: true,
    }),
    store.readDeploymentImages({ vulnerable: true }),
  ]);
  const itemsById = new Map(
    readings.map(reading => [reading.resourceId, reading.value.items]),
  );
  const vulnerable = await store.getResources({ ids: [...itemsById.keys()] });
  const advisories = new Map(
    vulnerable.map(version => [version.name, itemsById.get(version.id)!]),
  );
  const links = await store.readDependencyLinks({
    versionNames: [...advisories.keys()],
  });
  const hits: Hit[] = [];
  for (const link of links) {
    const version = parseName.softwareDependencyVersion(link.versionName);
    const versionAdvisories = advisories.get(link.versionName);
    if (!version || !versionAdvisories) continue;
    hits.push({
      deployment: link.deploymentName,
      service: deploymentParts('ServiceDeployment', link.deploymentName)
        .service,
      package: version.package,
      version: version.version,
      advisories: versionAdvisories,
    });
  }
  const packagesOfScan = new Map<object, ReturnType<typeof imagePackages>>();
  for (const image of images.images) {
    if (!image.scan) continue;
    let packages = packagesOfScan.get(image.scan);
    if (!packages) {
      packages = imagePackages(image.scan);
      packagesOfScan.set(image.scan, packages);
    }
    const { service } = deploymentParts(
      image.deploymentType,
      image.deploymentName,
    );
    for (const pkg of packages)
      hits.push({
        deployment: image.deploymentName,
        service,
        package: pkg.package,
        version: pkg.version,
        image: { name: image.image, class: pkg.class },
        advisories: pkg.advisories,
      });
  }
  return hits;
}

/**
 * `fleet-vulnerabilities?limit=`: fleet-wide vulnerability counts, the most exposed services
 * and the most widespread vulnerable packages, libraries and images' packages alike.
 */
export const fleetVulnerabilitiesCalculation = defineCalculation({
  name: 'fleet-vulnerabilities',
  description:
    'Fleet-wide vulnerability counts by severity (libraries and container images), the most exposed services and the most widespread vulnerable packages',
  params: z.strictObject({
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(500)
      .default(20)
      .describe('length of each ranking'),
  }),
  async run({ store, params }): Promise<FleetVulnerabilitiesResult> {
    const hits = tally(await readHits(store));
    const services: FleetVulnerableService[] = [...hits.services.entries()]
      .map(([service, counts]) => ({
        service,
        counts,
        total: SEVERITIES.reduce((sum, severity) => sum + counts[severity], 0),
        highestSeverity: highestSeverity(counts),
      }))
      .sort(
        (a, b) =>
          compareSeverityCounts(a.counts, b.counts) ||
          a.service.localeCompare(b.service),
      )
      .slice(0, params.limit);
    const advisoryCounts = emptySeverityCounts();
    for (const severity of hits.advisorySeverity.values())
      advisoryCounts[severity] += 1;
    const counts = emptySeverityCounts();
    for (const severity of SEVERITIES)
      counts[severity] =
        hits.countsByOrigin.library[severity] +
        hits.countsByOrigin.image[severity];
    return {
      counts,
      countsByOrigin: hits.countsByOrigin,
      advisories: advisoryCounts,
      affectedServices: hits.services.size,
      affectedDeployments: hits.deployments.size,
      services,
      packages: rankPackages(hits.packages, params.limit),
    };
  },
});
