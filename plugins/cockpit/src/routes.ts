import { createRouteRef } from '@backstage/core-plugin-api';

/** The fleet pages (explorer, who uses, vulnerabilities, rejections). */
export const rootRouteRef = createRouteRef({ id: 'cockpit' });

/** The Cockpit tab of a catalog entity. */
export const entityContentRouteRef = createRouteRef({
  id: 'cockpit:entity-content',
});
