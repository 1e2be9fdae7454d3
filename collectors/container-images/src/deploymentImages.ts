import { CollectorContext, listAllResources } from '@cockpit/collector-sdk';
import {
  CockpitClient,
  RESOURCE_TYPES,
  mapConcurrently,
  names,
  readingValueSchemas,
  type Resource,
} from '@cockpit/plugin-cockpit-common';
import type { ContainerImagesCollectorConfig } from './config';

type Ctx = CollectorContext<ContainerImagesCollectorConfig>;

/** Every resource of the types, type by type. */
async function listResourcesOf(
  client: CockpitClient,
  types: string[],
): Promise<Resource[]> {
  const resources: Resource[] = [];
  for (const type of types)
    for await (const resource of listAllResources(client, type))
      resources.push(resource);
  return resources;
}

/** The images a deployment runs by its last `deployment-info`: every container's when listed, else the main one. */
async function runningImages(
  client: CockpitClient,
  deployment: Resource,
): Promise<string[]> {
  const [reading] = (
    await client.listReadings(deployment.id, {
      type: 'deployment-info',
      limit: 1,
    })
  ).items;
  const info = readingValueSchemas['deployment-info'].safeParse(reading?.value);
  if (!info.success) return [];
  const listed = Array.isArray(info.data.images)
    ? info.data.images.filter((i): i is string => typeof i === 'string')
    : [];
  return listed.length
    ? listed
    : [info.data.image].filter((i): i is string => !!i);
}

/**
 * Adds the images one deployment runs to `images` and writes its `deployment-images` link; an
 * image that is no image reference is logged and left out.
 */
async function linkDeploymentImages(
  ctx: Ctx,
  client: CockpitClient,
  deployment: Resource,
  images: string[],
) {
  const running = await runningImages(client, deployment);
  if (!running.length) return;
  const linked = new Set<string>();
  for (const image of running) {
    try {
      linked.add(names.containerImage({ image }));
      images.push(image);
    } catch (error) {
      ctx.logger.warn(
        `${deployment.type} ${
          deployment.name
        } runs "${image}", which is no image reference: ${
          (error as Error).message
        }`,
      );
    }
  }
  for (const name of linked) ctx.resources.containerImage({ image: name });
  ctx.readings['deployment-images'](
    { type: deployment.type, name: deployment.name },
    { images: [...linked] },
    { collectedAt: ctx.now() },
  );
}

/**
 * The images of every deployment Cockpit knows, from its `deployment-info`, and every
 * `ContainerImage` it knows; writes each deployment's `deployment-images` link (the same value
 * the runtime collectors write).
 */
export async function deploymentImages(
  ctx: Ctx,
  api: { baseUrl: string; token?: string },
): Promise<string[]> {
  const client = CockpitClient.forBaseUrl(api);
  const deployments = await listResourcesOf(client, [
    RESOURCE_TYPES.ServiceDeployment,
    RESOURCE_TYPES.LambdaDeployment,
  ]);
  const images: string[] = [];
  await mapConcurrently(
    deployments,
    { concurrency: ctx.config.concurrency },
    deployment => linkDeploymentImages(ctx, client, deployment, images),
  );
  for (const image of await listResourcesOf(client, [
    RESOURCE_TYPES.ContainerImage,
  ]))
    images.push(image.name);
  ctx.logger.info(
    `${deployments.length} deployments known to Cockpit run ${
      new Set(images).size
    } images`,
  );
  return images;
}
