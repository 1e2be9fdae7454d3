import { defineCollector } from '@cockpit/collector-sdk';
import { ContainerImagesCollectorConfigSchema } from './config';
import { deploymentImages } from './deploymentImages';
import { ecrScans } from './ecrScans';
import { mergeScans } from './mergeScans';
import type { ImageScan } from './trivy';
import { trivyReports, trivyScans } from './trivyReports';

/**
 * The vulnerabilities of the container images deployments run: Amazon ECR scan findings (basic
 * or Amazon Inspector's enhanced scanning) and Trivy JSON reports from a folder or an S3 bucket
 * -> `ContainerImage` with an `image-vulnerabilities` reading (OS packages and the libraries in
 * the image, each marked by its class). With `api`, every deployment's images are read from its
 * `deployment-info` and linked by a `deployment-images` reading.
 */
export const containerImagesCollector = defineCollector({
  id: 'container-images',
  description:
    'Vulnerabilities of container images from Amazon ECR scanning and Trivy reports',
  schedule: 'rate(6 hours)',
  configSchema: ContainerImagesCollectorConfigSchema,
  async collect(ctx) {
    const config = ctx.config;
    const images = [...config.images];
    if (config.api) images.push(...(await deploymentImages(ctx, config.api)));
    const scans: ImageScan[] = [];
    if (config.ecr) scans.push(...(await ecrScans(ctx, images)));
    if (config.trivy)
      scans.push(...trivyScans(ctx, await trivyReports(ctx, config.trivy)));
    let vulnerabilities = 0;
    const merged = mergeScans(scans);
    for (const scan of merged) {
      const image = ctx.resources.containerImage({ image: scan.image });
      const { image: _name, ...value } = scan;
      ctx.readings['image-vulnerabilities'](
        image,
        { source: 'image', ...value },
        { collectedAt: scan.scannedAt ?? ctx.now() },
      );
      vulnerabilities += scan.items.length;
    }
    ctx.logger.info(
      `${vulnerabilities} vulnerable packages in ${merged.length} images`,
    );
  },
});
