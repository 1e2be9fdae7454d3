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

/**
 * Whether Cockpit knows a catalog entity: a Component that names its Cockpit service with the
 * `cockpit.io/service-name` annotation. The new frontend system shows the Cockpit tab and
 * Overview card only on these.
 *
 * @example
 * <EntitySwitch.Case if={isCockpitAvailable}>...</EntitySwitch.Case>
 */
export function isCockpitAvailable(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    Boolean(entity.metadata.annotations?.[COCKPIT_SERVICE_ANNOTATION])
  );
}
