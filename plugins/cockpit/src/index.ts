/**
 * Cockpit frontend plugin: the Cockpit tab on Component pages and the fleet pages. This entry
 * point is for apps on the legacy frontend system; `@cockpit/plugin-cockpit/alpha` is the
 * plugin for the new frontend system.
 *
 * @packageDocumentation
 */
export {
  cockpitPlugin,
  CockpitPage,
  EntityCockpitContent,
  EntityCockpitOverviewCard,
} from './plugin';
export { cockpitApiRef } from './api';
export {
  COCKPIT_SERVICE_ANNOTATION,
  isCockpitAvailable,
  serviceNameOf,
} from './serviceName';
