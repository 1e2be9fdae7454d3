import { NotFoundError } from '@backstage/errors';
import { z } from 'zod';
import {
  DeploymentVulnerabilitiesResult,
  parseName,
  resourceId,
  VulnerableDependencyVersion,
} from '@cockpit/plugin-cockpit-common';
import { defineCalculation } from '@cockpit/plugin-cockpit-node';
import {
  addSeverityCounts,
  compareSeverityCounts,
  countSeverities,
  emptySeverityCounts,
  highestSeverity,
  readAdvisories,
  severityRank,
} from './counts';

/**
 * `deployment-vulnerabilities?deployment=<service>/<environment>`: follows the deployment's
 * `deployment-dependencies` to each version's `vulnerabilities`: the deployment with its
 * parent and its dependencies together, then the advisories of those versions.
 */
export const deploymentVulnerabilitiesCalculation = defineCalculation({
  name: 'deployment-vulnerabilities',
  description:
    "The vulnerable dependency versions of a deployment (via deployment-dependencies and each version's vulnerabilities), highest severity first",
  params: z.strictObject({
    deployment: z
      .string()
      .min(1)
      .describe('the ServiceDeployment name, <service>/<environment>'),
  }),
  async run({ store, params }): Promise<DeploymentVulnerabilitiesResult> {
    const deploymentId = resourceId('ServiceDeployment', params.deployment);
    const parsed = parseName.serviceDeployment(params.deployment);
    const [deployment, current] = await Promise.all([
      store.getResource({ id: deploymentId }),
      store.readCurrent({
        resourceIds: [deploymentId],
        types: ['deployment-dependencies'],
      }),
    ]);
    if (!deployment)
      throw new NotFoundError(
        `No ServiceDeployment named "${params.deployment}"`,
      );
    const dependencies = current.readings[0]?.value.dependencies ?? [];
    const advisories = await readAdvisories({
      store,
      versionNames: new Set(dependencies),
    });

    const counts = emptySeverityCounts();
    const items: VulnerableDependencyVersion[] = [];
    for (const [name, versionAdvisories] of advisories) {
      const versionCounts = countSeverities(versionAdvisories);
      addSeverityCounts(counts, versionCounts);
      const parts = parseName.softwareDependencyVersion(name);
      items.push({
        id: resourceId('SoftwareDependencyVersion', name),
        name,
        package: parts?.package ?? name,
        version: parts?.version ?? '',
        highestSeverity: highestSeverity(versionCounts),
        counts: versionCounts,
        advisories: versionAdvisories
          .map(advisory => ({
            id: advisory.id,
            severity: advisory.severity,
            summary: advisory.summary,
            fixedIn: advisory.fixedIn ?? [],
          }))
          .sort(
            (a, b) =>
              severityRank(a.severity) - severityRank(b.severity) ||
              a.id.localeCompare(b.id),
          ),
      });
    }
    items.sort(
      (a, b) =>
        compareSeverityCounts(a.counts, b.counts) ||
        a.name.localeCompare(b.name),
    );
    return {
      deployment: {
        id: deployment.id,
        name: deployment.name,
        service: parsed?.service ?? deployment.name,
        environment: parsed?.environment ?? '',
      },
      dependencyCount: dependencies.length,
      counts,
      items,
    };
  },
});
