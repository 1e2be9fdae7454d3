/**
 * Cockpit frontend plugin: the Cockpit tab on Component pages and the fleet pages.
 *
 * @packageDocumentation
 */
export { cockpitPlugin, CockpitPage, EntityCockpitContent } from './plugin';
export { cockpitApiRef } from './api';
export { COCKPIT_SERVICE_ANNOTATION, serviceNameOf } from './serviceName';
