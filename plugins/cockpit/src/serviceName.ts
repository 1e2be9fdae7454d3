import type { Entity } from '@backstage/catalog-model';

/** Annotation naming the Cockpit `Service` of a catalog entity when it differs from the entity name. */
export const COCKPIT_SERVICE_ANNOTATION = 'cockpit.io/service-name';

/**
 * The Cockpit service name of a catalog entity: the annotation when set, else the entity name.
 *
 * @example
 * serviceNameOf(entity) // 'payment-service'
 */
export function serviceNameOf(entity: Entity): string {
  return (
    entity.metadata.annotations?.[COCKPIT_SERVICE_ANNOTATION] ||
    entity.metadata.name
  );
}
