import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { CockpitClient } from '@cockpit/plugin-cockpit-common';
import { cockpitApiRef } from './api';
import { entityContentRouteRef, rootRouteRef } from './routes';

/** The Cockpit frontend plugin: a Cockpit tab on service pages and the fleet pages. */
export const cockpitPlugin = createPlugin({
  id: 'cockpit',
  apis: [
    createApiFactory({
      api: cockpitApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CockpitClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    entityContent: entityContentRouteRef,
  },
});

/**
 * The fleet pages; mount under a path ending in `/*`.
 *
 * @example
 * <Route path="/cockpit" element={<CockpitPage />} />
 */
export const CockpitPage = cockpitPlugin.provide(
  createRoutableExtension({
    name: 'CockpitPage',
    component: () => import('./components/fleet').then(m => m.CockpitFleetPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The Cockpit tab of a Component page.
 *
 * @example
 * <EntityLayout.Route path="/cockpit" title="Cockpit"><EntityCockpitContent /></EntityLayout.Route>
 */
export const EntityCockpitContent = cockpitPlugin.provide(
  createRoutableExtension({
    name: 'EntityCockpitContent',
    component: () =>
      import('./components/entity').then(m => m.CockpitEntityContent),
    mountPoint: entityContentRouteRef,
  }),
);

/**
 * The Cockpit card for a Component's Overview tab: owner, tech stack, instance health and
 * vulnerability totals.
 *
 * @example
 * <EntitySwitch.Case if={isCockpitAvailable}><Grid item md={6}><EntityCockpitOverviewCard /></Grid></EntitySwitch.Case>
 */
export const EntityCockpitOverviewCard = cockpitPlugin.provide(
  createComponentExtension({
    name: 'EntityCockpitOverviewCard',
    component: {
      lazy: () =>
        import('./components/entity').then(m => m.CockpitOverviewCard),
    },
  }),
);
