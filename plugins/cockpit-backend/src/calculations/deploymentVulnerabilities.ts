import { NotFoundError } from '@backstage/errors';
import { z } from 'zod';
import {
  DeploymentVulnerabilitiesResult,
  parseName,
  resourceId,
  SeverityCounts,
  VulnerabilityOrigin,
  VulnerableDependencyVersion,
} from '@cockpit/plugin-cockpit-common';
import {
  defineCalculation,
  DeploymentImage,
} from '@cockpit/plugin-cockpit-node';
import {
  Advisory,
  addSeverityCounts,
  compareSeverityCounts,
  countSeverities,
  emptySeverityCounts,
  highestSeverity,
  readAdvisories,
  severityRank,
} from './counts';
import { imagePackages } from './imagePackages';

/** One vulnerable package of the deployment, whatever its origin. */
function vulnerableItem(options: {
  id: string;
  name: string;
  package: string;
  version: string;
  origin: VulnerabilityOrigin;
  advisories: Advisory[];
}): VulnerableDependencyVersion {
  const counts = countSeverities(options.advisories);
  return {
    ...options,
    highestSeverity: highestSeverity(counts),
    counts,
    advisories: options.advisories
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
  };
}

/** The deployment's vulnerable dependency versions: each version with its advisories. */
function libraryItems(
  advisories: Map<string, Advisory[]>,
): VulnerableDependencyVersion[] {
  const items: VulnerableDependencyVersion[] = [];
  for (const [name, versionAdvisories] of advisories) {
    const parts = parseName.softwareDependencyVersion(name);
    items.push(
      vulnerableItem({
        id: resourceId('SoftwareDependencyVersion', name),
        name,
        package: parts?.package ?? name,
        version: parts?.version ?? '',
        origin: { kind: 'library' },
        advisories: versionAdvisories,
      }),
    );
  }
  return items;
}

/** The vulnerable packages of the deployment's images, each image once however often it is listed. */
function imageItems(images: DeploymentImage[]): {
  items: VulnerableDependencyVersion[];
  /** The names of the deployment's images. */
  imageNames: Set<string>;
} {
  const items: VulnerableDependencyVersion[] = [];
  const seen = new Set<string>();
  for (const image of images) {
    if (seen.has(image.image)) continue;
    seen.add(image.image);
    for (const pkg of image.scan ? imagePackages(image.scan) : [])
      items.push(
        vulnerableItem({
          id: image.imageId!,
          name: pkg.name,
          package: pkg.package,
          version: pkg.version,
          origin: { kind: 'image', image: image.image, class: pkg.class },
          advisories: pkg.advisories,
        }),
      );
  }
  return { items, imageNames: seen };
}

/** The severity counts of the items by origin, and in all. */
function countItems(items: VulnerableDependencyVersion[]): {
  counts: SeverityCounts;
  countsByOrigin: DeploymentVulnerabilitiesResult['countsByOrigin'];
} {
  const countsByOrigin = {
    library: emptySeverityCounts(),
    image: emptySeverityCounts(),
  };
  for (const item of items)
    addSeverityCounts(countsByOrigin[item.origin.kind], item.counts);
  const counts = emptySeverityCounts();
  addSeverityCounts(counts, countsByOrigin.library);
  addSeverityCounts(counts, countsByOrigin.image);
  return { counts, countsByOrigin };
}

/** Highest severity counts first, then by name, then by image. */
function compareItems(
  a: VulnerableDependencyVersion,
  b: VulnerableDependencyVersion,
): number {
  return (
    compareSeverityCounts(a.counts, b.counts) ||
    a.name.localeCompare(b.name) ||
    (a.origin.kind === 'image' ? a.origin.image : '').localeCompare(
      b.origin.kind === 'image' ? b.origin.image : '',
    )
  );
}

/**
 * `deployment-vulnerabilities?deployment=<service>/<environment>`: follows the deployment's
 * `deployment-dependencies` to each version's `vulnerabilities`, and its `deployment-images`
 * to each image's `image-vulnerabilities`: the deployment, its dependencies and its images
 * together, then the advisories of those versions.
 */
export const deploymentVulnerabilitiesCalculation = defineCalculation({
  name: 'deployment-vulnerabilities',
  description:
    "The vulnerable packages of a deployment: dependency versions (via deployment-dependencies and each version's vulnerabilities) and packages of its container images (via deployment-images and each image's image-vulnerabilities), highest severity first",
  params: z.strictObject({
    deployment: z
      .string()
      .min(1)
      .describe('the ServiceDeployment name, <service>/<environment>'),
  }),
  async run({ store, params }): Promise<DeploymentVulnerabilitiesResult> {
    const deploymentId = resourceId('ServiceDeployment', params.deployment);
    const parsed = parseName.serviceDeployment(params.deployment);
    const [deployment, current, images] = await Promise.all([
      store.getResource({ id: deploymentId }),
      store.readCurrent({
        resourceIds: [deploymentId],
        types: ['deployment-dependencies'],
      }),
      store.readDeploymentImages({ deploymentIds: [deploymentId] }),
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

    const fromImages = imageItems(images.images);
    const items = [...libraryItems(advisories), ...fromImages.items];
    const { counts, countsByOrigin } = countItems(items);
    items.sort(compareItems);
    return {
      deployment: {
        id: deployment.id,
        name: deployment.name,
        service: parsed?.service ?? deployment.name,
        environment: parsed?.environment ?? '',
      },
      dependencyCount: dependencies.length,
      images: [...fromImages.imageNames].sort().map(name => ({
        name,
        scanned: images.images.some(i => i.image === name && i.scan !== null),
      })),
      counts,
      countsByOrigin,
      items,
    };
  },
});
