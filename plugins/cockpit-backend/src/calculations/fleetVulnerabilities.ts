import { z } from 'zod';
import {
  FleetVulnerabilitiesResult,
  FleetVulnerablePackage,
  FleetVulnerableService,
  parseName,
  SEVERITIES,
  Severity,
  SeverityCounts,
} from '@cockpit/plugin-cockpit-common';
import {
  defineCalculation,
  DependencyLink,
} from '@cockpit/plugin-cockpit-node';
import {
  Advisory,
  compareSeverityCounts,
  emptySeverityCounts,
  highestSeverity,
  severityRank,
} from './counts';

/** What is known of one vulnerable package across the fleet. */
interface PackageTally {
  versions: Set<string>;
  deployments: Set<string>;
  services: Set<string>;
  advisories: Map<string, Severity>;
}

/** Counts every (deployment, vulnerable version, advisory) hit by service, package and severity. */
function tally(links: DependencyLink[], advisories: Map<string, Advisory[]>) {
  const counts = emptySeverityCounts();
  // Each advisory at the highest severity it is rated at anywhere in the fleet (an alias group
  // may be rated differently per package), so it is counted once among the advisories.
  const advisorySeverity = new Map<string, Severity>();
  const services = new Map<string, SeverityCounts>();
  const deployments = new Set<string>();
  const packages = new Map<string, PackageTally>();
  for (const link of links) {
    const versionAdvisories = advisories.get(link.versionName);
    const version = parseName.softwareDependencyVersion(link.versionName);
    if (!versionAdvisories || !version) continue;
    const service =
      parseName.serviceDeployment(link.deploymentName)?.service ??
      link.deploymentName;
    const serviceCounts = services.get(service) ?? emptySeverityCounts();
    services.set(service, serviceCounts);
    deployments.add(link.deploymentName);
    const pkg = packages.get(version.package) ?? {
      versions: new Set(),
      deployments: new Set(),
      services: new Set(),
      advisories: new Map(),
    };
    packages.set(version.package, pkg);
    pkg.versions.add(version.version);
    pkg.deployments.add(link.deploymentName);
    pkg.services.add(service);
    for (const advisory of versionAdvisories) {
      counts[advisory.severity] += 1;
      serviceCounts[advisory.severity] += 1;
      const rated = advisorySeverity.get(advisory.id);
      if (!rated || severityRank(advisory.severity) < severityRank(rated))
        advisorySeverity.set(advisory.id, advisory.severity);
      const known = pkg.advisories.get(advisory.id);
      if (!known || severityRank(advisory.severity) < severityRank(known))
        pkg.advisories.set(advisory.id, advisory.severity);
    }
  }
  return { counts, advisorySeverity, services, deployments, packages };
}

function rankPackages(
  packages: Map<string, PackageTally>,
  limit: number,
): FleetVulnerablePackage[] {
  return [...packages.entries()]
    .map(([name, pkg]) => {
      const advisories = [...pkg.advisories.entries()].sort(
        (a, b) =>
          severityRank(a[1]) - severityRank(b[1]) || a[0].localeCompare(b[0]),
      );
      return {
        package: name,
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
        a.package.localeCompare(b.package),
    )
    .slice(0, limit);
}

/**
 * `fleet-vulnerabilities?limit=`: fleet-wide vulnerability counts, the most exposed services
 * and the most widespread vulnerable packages. Three store reads: every version's current
 * `vulnerabilities`, the names of the vulnerable ones, and the deployments that link to them.
 */
export const fleetVulnerabilitiesCalculation = defineCalculation({
  name: 'fleet-vulnerabilities',
  description:
    'Fleet-wide vulnerability counts by severity, the most exposed services and the most widespread vulnerable packages',
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
    const { readings } = await store.readCurrent({
      resourceType: 'SoftwareDependencyVersion',
      types: ['vulnerabilities'],
    });
    const itemsById = new Map(
      readings
        .filter(reading => reading.value.items.length > 0)
        .map(reading => [reading.resourceId, reading.value.items]),
    );
    const vulnerable = await store.getResources({ ids: [...itemsById.keys()] });
    const advisories = new Map(
      vulnerable.map(version => [version.name, itemsById.get(version.id)!]),
    );
    const links = await store.readDependencyLinks({
      versionNames: [...advisories.keys()],
    });
    const hits = tally(links, advisories);
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
    return {
      counts: hits.counts,
      advisories: advisoryCounts,
      affectedServices: hits.services.size,
      affectedDeployments: hits.deployments.size,
      services,
      packages: rankPackages(hits.packages, params.limit),
    };
  },
});
