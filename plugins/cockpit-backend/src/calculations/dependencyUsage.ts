import { z } from 'zod';
import {
  DependencyUsageItem,
  DependencyUsageResult,
  formatPackageUrl,
  parseName,
  parsePackageUrl,
  resourceId,
} from '@cockpit/plugin-cockpit-common';
import { defineCalculation } from '@cockpit/plugin-cockpit-node';
import { countSeverities, readAdvisories } from './counts';

/**
 * `dependency-usage?package=&version=`: which deployments carry a package (any version) or
 * one version of it. Finds the version names first, then (together) the deployments that
 * link to them (through the GIN index on `deployment-dependencies`) and their advisories.
 */
export const dependencyUsageCalculation = defineCalculation({
  name: 'dependency-usage',
  description:
    'Which deployments (with service and environment) use a package, or one version of it',
  params: z
    .strictObject({
      package: z
        .string()
        .min(1)
        .describe(
          'package URL without version, e.g. pkg:maven/org.apache.logging.log4j/log4j-core',
        ),
      version: z.string().min(1).optional().describe('only this version'),
    })
    .transform((params, ctx) => {
      try {
        const ref = parsePackageUrl(params.package);
        if (ref.version) {
          ctx.addIssue({
            code: 'custom',
            path: ['package'],
            message: 'must not carry a version; pass it as version=',
          });
          return z.NEVER;
        }
        return { package: formatPackageUrl(ref), ref, version: params.version };
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          path: ['package'],
          message: (error as Error).message,
        });
        return z.NEVER;
      }
    }),
  async run({ store, params }): Promise<DependencyUsageResult> {
    const versionNames: string[] = params.version
      ? [formatPackageUrl({ ...params.ref, version: params.version })]
      : (
          await store.listChildren({
            parentIds: [resourceId('SoftwareDependency', params.package)],
            type: 'SoftwareDependencyVersion',
          })
        ).map(version => version.name);
    if (versionNames.length === 0) {
      return {
        package: params.package,
        version: params.version ?? null,
        items: [],
        versions: [],
        serviceCount: 0,
      };
    }
    const [links, advisories] = await Promise.all([
      store.readDependencyLinks({ versionNames }),
      readAdvisories({ store, versionNames }),
    ]);
    const items: DependencyUsageItem[] = links
      .map(link => {
        const deployment = parseName.serviceDeployment(link.deploymentName);
        return {
          deploymentId: link.deploymentId,
          deployment: link.deploymentName,
          service: deployment?.service ?? link.deploymentName,
          environment: deployment?.environment ?? '',
          version:
            parseName.softwareDependencyVersion(link.versionName)?.version ??
            '',
          versionName: link.versionName,
          vulnerabilities: countSeverities(
            advisories.get(link.versionName) ?? [],
          ),
        };
      })
      .sort(
        (a, b) =>
          a.service.localeCompare(b.service) ||
          a.environment.localeCompare(b.environment) ||
          a.version.localeCompare(b.version),
      );
    const perVersion = new Map<string, number>();
    for (const item of items)
      perVersion.set(item.version, (perVersion.get(item.version) ?? 0) + 1);
    return {
      package: params.package,
      version: params.version ?? null,
      items,
      versions: [...perVersion.entries()]
        .map(([version, deployments]) => ({ version, deployments }))
        .sort(
          (a, b) =>
            b.deployments - a.deployments || a.version.localeCompare(b.version),
        ),
      serviceCount: new Set(items.map(item => item.service)).size,
    };
  },
});
