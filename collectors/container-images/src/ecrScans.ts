import { ECRClient } from '@aws-sdk/client-ecr';
import type { CollectorContext } from '@cockpit/collector-sdk';
import {
  mapConcurrently,
  names,
  parseImageReference,
} from '@cockpit/plugin-cockpit-common';
import type { ContainerImagesCollectorConfig } from './config';
import { parseEcrRegistry, readEcrScan } from './ecr';
import type { ImageScan } from './trivy';

type Ctx = CollectorContext<ContainerImagesCollectorConfig>;

type EcrTarget = {
  name: string;
  ref: ReturnType<typeof parseImageReference>;
  registryId: string;
  region: string;
};

/** The images that are in an ECR registry, each once by its canonical name. */
function ecrTargets(images: string[]): Map<string, EcrTarget> {
  const targets = new Map<string, EcrTarget>();
  for (const image of images) {
    const ref = parseImageReference(image);
    const registry = parseEcrRegistry(ref.registry);
    if (!registry) continue;
    targets.set(names.containerImage(ref), {
      name: names.containerImage(ref),
      ref,
      ...registry,
    });
  }
  return targets;
}

/** The ECR scan findings of the images that are in ECR, each image once; an image without findings is logged. */
export async function ecrScans(
  ctx: Ctx,
  images: string[],
): Promise<ImageScan[]> {
  const clients = new Map<string, ECRClient>();
  const targets = ecrTargets(images);
  const scans: ImageScan[] = [];
  await mapConcurrently(
    [...targets.values()],
    { concurrency: ctx.config.concurrency },
    async target => {
      if (!clients.has(target.region)) {
        clients.set(
          target.region,
          new ECRClient({
            region: target.region,
            ...(ctx.config.ecr?.endpoint
              ? { endpoint: ctx.config.ecr.endpoint }
              : {}),
          }),
        );
      }
      const scan = await readEcrScan({
        client: clients.get(target.region)!,
        image: target,
        signal: ctx.signal,
      });
      if ('skipped' in scan)
        ctx.logger.warn(`no ECR findings for ${target.name}: ${scan.skipped}`);
      else scans.push(scan);
    },
  );
  ctx.logger.info(
    `read the ECR scans of ${scans.length} of ${targets.size} images in ECR`,
  );
  return scans;
}
