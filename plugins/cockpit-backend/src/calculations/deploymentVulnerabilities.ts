import { NotFoundError } from '@backstage/errors';
import { z } from 'zod';
import {
  DeploymentVulnerabilitiesResult,
  resourceId,
  VulnerableDependencyVersion,
} from '@cockpit/plugin-cockpit-common';
import { defineCalculation } from '@cockpit/plugin-cockpit-node';
import {
  compareSeverityCounts,
  emptySeverityCounts,
  highestSeverity,
  jsonArray,
  severityRank,
  splitVersionName,
  toSeverity,
} from './sql';

/**
 * `deployment-vulnerabilities?deployment=<service>/<environment>`: follows the deployment's
 * `deployment-dependencies` to each version's `vulnerabilities`, in two queries.
 */
export const deploymentVulnerabilitiesCalculation = defineCalculation({
  name: 'deployment-vulnerabilities',
  description:
    "The vulnerable dependency versions of a deployment (via deployment-dependencies and each version's vulnerabilities), highest severity first",
  params: z.strictObject({
    deployment: z.string().min(1).describe('the ServiceDeployment name, <service>/<environment>'),
  }),
  async run({ knex, params }): Promise<DeploymentVulnerabilitiesResult> {
    const deploymentId = resourceId('ServiceDeployment', params.deployment);
    const [deploymentRows, itemRows] = await Promise.all([
      knex.raw(
        `SELECT d.id, d.name, s.name AS service,
                (SELECT jsonb_array_length(${jsonArray(`dd.value->'dependencies'`)}) FROM readings dd
                  WHERE dd.resource_id = d.id AND dd.type = 'deployment-dependencies' AND dd.storage_mode = 'SNAPSHOT') AS dependency_count
           FROM resources d LEFT JOIN resources s ON s.id = d.parent_id
          WHERE d.id = ?`,
        [deploymentId],
      ),
      knex.raw(
        `SELECT v.id, v.name, item->>'id' AS advisory, item->>'severity' AS severity,
                coalesce(item->>'summary', '') AS summary, item->'fixedIn' AS fixed_in
           FROM readings dd
           CROSS JOIN LATERAL jsonb_array_elements_text(${jsonArray(`dd.value->'dependencies'`)}) AS dep(name)
           JOIN resources v ON v.type = 'SoftwareDependencyVersion' AND v.name = dep.name
           JOIN readings vr ON vr.resource_id = v.id AND vr.type = 'vulnerabilities' AND vr.storage_mode = 'SNAPSHOT'
           CROSS JOIN LATERAL jsonb_array_elements(${jsonArray(`vr.value->'items'`)}) AS item
          WHERE dd.resource_id = ? AND dd.type = 'deployment-dependencies' AND dd.storage_mode = 'SNAPSHOT'
          ORDER BY ${severityRank(`upper(item->>'severity')`)}, item->>'id'`,
        [deploymentId],
      ),
    ]);
    const deployment = deploymentRows.rows[0];
    if (!deployment) throw new NotFoundError(`No ServiceDeployment named "${params.deployment}"`);

    const versions = new Map<string, VulnerableDependencyVersion>();
    const counts = emptySeverityCounts();
    for (const row of itemRows.rows as any[]) {
      let version = versions.get(row.id);
      if (!version) {
        const parts = splitVersionName(row.name);
        version = {
          id: row.id,
          name: row.name,
          package: parts.package,
          version: parts.version,
          highestSeverity: 'UNKNOWN',
          counts: emptySeverityCounts(),
          advisories: [],
        };
        versions.set(row.id, version);
      }
      const severity = toSeverity(row.severity);
      version.counts[severity] += 1;
      counts[severity] += 1;
      version.advisories.push({
        id: typeof row.advisory === 'string' ? row.advisory : '',
        severity,
        summary: row.summary,
        fixedIn: Array.isArray(row.fixed_in) ? row.fixed_in.filter((f: unknown) => typeof f === 'string') : [],
      });
    }
    const items = [...versions.values()]
      .map(version => ({ ...version, highestSeverity: highestSeverity(version.counts) }))
      .sort((a, b) => compareSeverityCounts(a.counts, b.counts) || a.name.localeCompare(b.name));
    const slash = deployment.name.indexOf('/');
    return {
      deployment: {
        id: deployment.id,
        name: deployment.name,
        service: deployment.service ?? deployment.name.slice(0, slash),
        environment: deployment.name.slice(slash + 1),
      },
      dependencyCount: Number(deployment.dependency_count ?? 0),
      counts,
      items,
    };
  },
});
