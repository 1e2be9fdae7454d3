import type { ReadingValue, ResourceRef } from '@cockpit/plugin-cockpit-common';
import type { CollectorContext } from './collector';

/**
 * A deployment's `deployment-info`, then its `deployment-images`: each image the info lists
 * (`images`: every container's, sidecars included) declared as a `ContainerImage` and linked
 * once. The platform collectors (ECS, Kubernetes) describe their deployments so.
 */
export function publishDeploymentReadings(
  ctx: Pick<CollectorContext, 'readings' | 'resources' | 'now'>,
  deployment: ResourceRef,
  info: ReadingValue<'deployment-info'> & { images?: string[] },
): void {
  ctx.readings['deployment-info'](deployment, info, {
    collectedAt: ctx.now(),
  });
  const images = (info.images ?? []).map(
    image => ctx.resources.containerImage({ image }).name,
  );
  ctx.readings['deployment-images'](
    deployment,
    { images: [...new Set(images)] },
    { collectedAt: ctx.now() },
  );
}
