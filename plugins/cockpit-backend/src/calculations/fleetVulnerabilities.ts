import { z } from 'zod';
import {
  FleetVulnerabilitiesResult,
  FleetVulnerablePackage,
  FleetVulnerableService,
  SEVERITIES,
  Severity,
} from '@cockpit/plugin-cockpit-common';
import { defineCalculation } from '@cockpit/plugin-cockpit-node';
import { emptySeverityCounts, highestSeverity, jsonArray, normalisedSeverity, severityRank } from './sql';

const countColumns = SEVERITIES.map(s => `count(*) FILTER (WHERE severity = '${s}')::int AS "${s}"`).join(', ');

/**
 * `fleet-vulnerabilities?limit=`: fleet-wide vulnerability counts, the most exposed services
 * and the most widespread vulnerable packages, in one statement.
 */
export const fleetVulnerabilitiesCalculation = defineCalculation({
  name: 'fleet-vulnerabilities',
  description: 'Fleet-wide vulnerability counts by severity, the most exposed services and the most widespread vulnerable packages',
  params: z.strictObject({
    limit: z.coerce.number().int().min(1).max(500).default(20).describe('length of each ranking'),
  }),
  async run({ knex, params }): Promise<FleetVulnerabilitiesResult> {
    const result = await knex.raw(
      `WITH vuln AS MATERIALIZED (
         SELECT v.name AS version_name, item->>'id' AS advisory, ${normalisedSeverity(`item->>'severity'`)} AS severity
           FROM readings vr
           JOIN resources v ON v.id = vr.resource_id AND v.type = 'SoftwareDependencyVersion'
           CROSS JOIN LATERAL jsonb_array_elements(${jsonArray(`vr.value->'items'`)}) AS item
          WHERE vr.type = 'vulnerabilities' AND vr.storage_mode = 'SNAPSHOT'
       ),
       hits AS MATERIALIZED (
         SELECT d.name AS deployment, split_part(d.name, '/', 1) AS service, dep.name AS version_name,
                regexp_replace(dep.name, '@[^@]*$', '') AS package, regexp_replace(dep.name, '^.*@', '') AS version,
                vuln.advisory, vuln.severity, ${severityRank('vuln.severity')} AS rank
           FROM readings dd
           JOIN resources d ON d.id = dd.resource_id
           CROSS JOIN LATERAL jsonb_array_elements_text(${jsonArray(`dd.value->'dependencies'`)}) AS dep(name)
           JOIN vuln ON vuln.version_name = dep.name
          WHERE dd.type = 'deployment-dependencies' AND dd.storage_mode = 'SNAPSHOT'
            AND (dd.value->'dependencies') \\?| (SELECT coalesce(array_agg(DISTINCT version_name), '{}') FROM vuln)
       )
       SELECT
         (SELECT coalesce(json_object_agg(severity, n), '{}') FROM (SELECT severity, count(*)::int AS n FROM hits GROUP BY 1) x) AS counts,
         (SELECT coalesce(json_object_agg(severity, n), '{}') FROM (SELECT severity, count(*)::int AS n FROM (
            -- each advisory once, at its highest severity (it may be rated differently per package)
            SELECT DISTINCT ON (advisory) advisory, severity FROM hits ORDER BY advisory, rank) a GROUP BY 1) x) AS advisories,
         (SELECT count(DISTINCT service)::int FROM hits) AS affected_services,
         (SELECT count(DISTINCT deployment)::int FROM hits) AS affected_deployments,
         (SELECT coalesce(json_agg(s), '[]') FROM (
            SELECT service, ${countColumns}, count(*)::int AS total FROM hits GROUP BY service
             ORDER BY ${SEVERITIES.map(s => `"${s}" DESC`).join(', ')}, service LIMIT ?) s) AS services,
         (SELECT coalesce(json_agg(p), '[]') FROM (
            SELECT package, array_agg(DISTINCT version ORDER BY version) AS versions,
                   count(DISTINCT deployment)::int AS deployments, count(DISTINCT service)::int AS services,
                   min(rank)::int AS top_rank,
                   json_agg(DISTINCT jsonb_build_object('id', advisory, 'rank', rank)) AS advisories
              FROM hits GROUP BY package
             ORDER BY deployments DESC, top_rank, package LIMIT ?) p) AS packages`,
      [params.limit, params.limit],
    );
    const row = result.rows[0];
    const counts = { ...emptySeverityCounts(), ...row.counts };
    const advisories = { ...emptySeverityCounts(), ...row.advisories };
    const services: FleetVulnerableService[] = (row.services as any[]).map(s => {
      const serviceCounts = Object.fromEntries(SEVERITIES.map(sev => [sev, s[sev]])) as Record<Severity, number>;
      return { service: s.service, counts: serviceCounts, total: s.total, highestSeverity: highestSeverity(serviceCounts) };
    });
    const packages: FleetVulnerablePackage[] = (row.packages as any[]).map(p => ({
      package: p.package,
      versions: p.versions,
      deployments: p.deployments,
      services: p.services,
      highestSeverity: SEVERITIES[p.top_rank] ?? 'UNKNOWN',
      advisories: [...new Map<string, number>((p.advisories as { id: string | null; rank: number }[])
        .filter(a => typeof a.id === 'string')
        .map(a => [a.id as string, a.rank])).entries()]
        .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
        .map(([id]) => id),
    }));
    return {
      counts,
      advisories,
      affectedServices: row.affected_services,
      affectedDeployments: row.affected_deployments,
      services,
      packages,
    };
  },
});
