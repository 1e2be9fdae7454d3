import { createApiRef } from '@backstage/core-plugin-api';
import type { CockpitClient } from '@cockpit/plugin-cockpit-common';

/**
 * The Cockpit REST client, as a Backstage API.
 *
 * @example
 * const cockpit = useApi(cockpitApiRef);
 * const overview = await cockpit.runCalculation('service-overview', { service });
 */
export const cockpitApiRef = createApiRef<CockpitClient>({
  id: 'plugin.cockpit.client',
});
