import { z } from 'zod';
import {
  DependencyUsageItem,
  DependencyUsageResult,
  formatPackageUrl,
  parsePackageUrl,
  resourceId,
  SeverityCounts,
} from '@cockpit/plugin-cockpit-common';
import { defineCalculation } from '@cockpit/plugin-cockpit-node';
import { emptySeverityCounts, jsonArray, normalisedSeverity, splitVersionName } from './sql';

/**
 * `dependency-usage?package=&version=`: which deployments carry a package (any version) or
 * one version of it. Finds the version names first, then the deployments through the GIN
 * index on `deployment-dependencies` (`?|`), then their vulnerabilities: three queries.
 */
export const dependencyUsageCalculation = defineCalculation({
  name: 'dependency-usage',
  description: 'Which deployments (with service and environment) use a package, or one version of it',
  params: z
    .strictObject({
      package: z.string().min(1).describe('package URL without version, e.g. pkg:maven/org.apache.logging.log4j/log4j-core'),
      version: z.string().min(1).optional().describe('only this version'),
    })
    .transform((params, ctx) => {
      try {
        const ref = parsePackageUrl(params.package);
        if (ref.version) {
          ctx.addIssue({ code: 'custom', path: ['package'], message: 'must not carry a version; pass it as version=' });
          return z.NEVER;
        }
        return { package: formatPackageUrl(ref), ref, version: params.version };
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['package'], message: (error as Error).message });
        return z.NEVER;
      }
    }),
  async run({ knex, params }): Promise<DependencyUsageResult> {
    const versionNames: string[] = params.version
      ? [formatPackageUrl({ ...params.ref, version: params.version })]
      : (
          await knex.raw(
            `SELECT name FROM resources WHERE parent_id = ? AND type = 'SoftwareDependencyVersion'`,
            [resourceId('SoftwareDependency', params.package)],
          )
        ).rows.map((row: { name: string }) => row.name);
    if (versionNames.length === 0) {
      return { package: params.package, version: params.version ?? null, items: [], versions: [], serviceCount: 0 };
    }
    const [usageRows, vulnerabilityRows] = await Promise.all([
      // `\\?|` is jsonb's "contains any of these strings" operator, escaped from knex's bindings;
      // the literal type keeps the partial GIN index usable.
      knex.raw(
        `SELECT d.id, d.name, dep.name AS version_name
           FROM readings dd
           JOIN resources d ON d.id = dd.resource_id
           CROSS JOIN LATERAL jsonb_array_elements_text(${jsonArray(`dd.value->'dependencies'`)}) AS dep(name)
          WHERE dd.type = 'deployment-dependencies' AND dd.storage_mode = 'SNAPSHOT'
            AND (dd.value->'dependencies') \\?| ?::text[]
            AND dep.name = ANY(?::text[])`,
        [versionNames, versionNames],
      ),
      knex.raw(
        `SELECT v.name, ${normalisedSeverity(`item->>'severity'`)} AS severity, count(*)::int AS n
           FROM resources v
           JOIN readings vr ON vr.resource_id = v.id AND vr.type = 'vulnerabilities' AND vr.storage_mode = 'SNAPSHOT'
           CROSS JOIN LATERAL jsonb_array_elements(${jsonArray(`vr.value->'items'`)}) AS item
          WHERE v.type = 'SoftwareDependencyVersion' AND v.name = ANY(?::text[])
          GROUP BY 1, 2`,
        [versionNames],
      ),
    ]);
    const vulnerabilities = new Map<string, SeverityCounts>();
    for (const row of vulnerabilityRows.rows as { name: string; severity: keyof SeverityCounts; n: number }[]) {
      const counts = vulnerabilities.get(row.name) ?? emptySeverityCounts();
      counts[row.severity] += row.n;
      vulnerabilities.set(row.name, counts);
    }
    const items: DependencyUsageItem[] = (usageRows.rows as { id: string; name: string; version_name: string }[])
      .map(row => {
        const slash = row.name.indexOf('/');
        return {
          deploymentId: row.id,
          deployment: row.name,
          service: slash > 0 ? row.name.slice(0, slash) : row.name,
          environment: slash > 0 ? row.name.slice(slash + 1) : '',
          version: splitVersionName(row.version_name).version,
          versionName: row.version_name,
          vulnerabilities: vulnerabilities.get(row.version_name) ?? emptySeverityCounts(),
        };
      })
      .sort(
        (a, b) =>
          a.service.localeCompare(b.service) ||
          a.environment.localeCompare(b.environment) ||
          a.version.localeCompare(b.version),
      );
    const perVersion = new Map<string, number>();
    for (const item of items) perVersion.set(item.version, (perVersion.get(item.version) ?? 0) + 1);
    return {
      package: params.package,
      version: params.version ?? null,
      items,
      versions: [...perVersion.entries()]
        .map(([version, deployments]) => ({ version, deployments }))
        .sort((a, b) => b.deployments - a.deployments || a.version.localeCompare(b.version)),
      serviceCount: new Set(items.map(item => item.service)).size,
    };
  },
});
