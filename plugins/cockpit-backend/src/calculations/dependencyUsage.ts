import { z } from 'zod';
import {
  DependencyUsageItem,
  DependencyUsageResult,
  formatPackageUrl,
  parseName,
  parsePackageUrl,
  resourceId,
} from '@cockpit/plugin-cockpit-common';
import {
  defineCalculation,
  DeploymentImage,
} from '@cockpit/plugin-cockpit-node';
import { countSeverities, readAdvisories } from './counts';
import { deploymentParts, imagePackages, splitPurl } from './imagePackages';

/** The image an item comes from; empty for a library version (those sort first). */
const imageOf = (item: DependencyUsageItem) =>
  item.origin.kind === 'image' ? item.origin.image : '';

/**
 * The deployments whose images hold the package (or that version of it) by the scanner's
 * package URL: one item per deployment, image and installed version.
 */
function imageItems(
  images: readonly DeploymentImage[],
  params: { package: string; version?: string },
): DependencyUsageItem[] {
  const items = new Map<string, DependencyUsageItem>();
  for (const image of images) {
    for (const pkg of image.scan ? imagePackages(image.scan) : []) {
      const purl = splitPurl(pkg.purl);
      if (!purl || purl.package !== params.package) continue;
      if (params.version && purl.version !== params.version) continue;
      const version = purl.version || pkg.version;
      const key = `${image.deploymentId}\n${image.image}\n${version}`;
      const counts = items.get(key)?.vulnerabilities ?? countSeverities([]);
      for (const advisory of pkg.advisories) counts[advisory.severity] += 1;
      items.set(key, {
        deploymentId: image.deploymentId,
        deployment: image.deploymentName,
        ...deploymentParts(image.deploymentType, image.deploymentName),
        version,
        versionName: pkg.name,
        origin: { kind: 'image', image: image.image, class: pkg.class },
        vulnerabilities: counts,
      });
    }
  }
  return [...items.values()];
}

/**
 * `dependency-usage?package=&version=`: which deployments carry a package (any version) or
 * one version of it. Finds the version names first, then (together) the deployments that
 * link to them (through the GIN index on `deployment-dependencies`), their advisories, and
 * the deployments whose images a scanner found the package in (known only when vulnerable).
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
    const [links, advisories, images] = await Promise.all([
      store.readDependencyLinks({ versionNames }),
      readAdvisories({ store, versionNames }),
      store.readDeploymentImages({ packages: [params.package] }),
    ]);
    const items: DependencyUsageItem[] = links.map(link => ({
      deploymentId: link.deploymentId,
      deployment: link.deploymentName,
      ...deploymentParts('ServiceDeployment', link.deploymentName),
      version:
        parseName.softwareDependencyVersion(link.versionName)?.version ?? '',
      versionName: link.versionName,
      origin: { kind: 'library' },
      vulnerabilities: countSeverities(advisories.get(link.versionName) ?? []),
    }));
    items.push(...imageItems(images.images, params));
    items.sort(
      (a, b) =>
        a.service.localeCompare(b.service) ||
        a.environment.localeCompare(b.environment) ||
        a.version.localeCompare(b.version) ||
        imageOf(a).localeCompare(imageOf(b)),
    );
    const perVersion = new Map<string, Set<string>>();
    for (const item of items)
      perVersion.set(
        item.version,
        (perVersion.get(item.version) ?? new Set()).add(item.deploymentId),
      );
    return {
      package: params.package,
      version: params.version ?? null,
      items,
      versions: [...perVersion.entries()]
        .map(([version, deployments]) => ({
          version,
          deployments: deployments.size,
        }))
        .sort(
          (a, b) =>
            b.deployments - a.deployments || a.version.localeCompare(b.version),
        ),
      serviceCount: new Set(items.map(item => item.service)).size,
    };
  },
});
