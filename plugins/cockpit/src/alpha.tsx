import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { CockpitClient } from '@cockpit/plugin-cockpit-common';
import DashboardIcon from '@material-ui/icons/Dashboard';
import { cockpitApiRef } from './api';
import { entityContentRouteRef, rootRouteRef } from './routes';
import { isCockpitAvailable } from './serviceName';

const fleetRouteRef = convertLegacyRouteRef(rootRouteRef);
const entityTabRouteRef = convertLegacyRouteRef(entityContentRouteRef);

/** The REST client of the Cockpit backend, through the app's discovery and fetch APIs. */
const cockpitApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: cockpitApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CockpitClient({ discoveryApi, fetchApi }),
    }),
});

/** The fleet pages (explorer, who uses, vulnerabilities, rejections) with their nav item. */
const cockpitPage = PageBlueprint.make({
  params: {
    path: '/cockpit',
    title: 'Cockpit',
    icon: <DashboardIcon fontSize="inherit" />,
    routeRef: fleetRouteRef,
    noHeader: true,
    loader: () =>
      import('./components/fleet').then(m => <m.CockpitFleetPage />),
  },
});

/** The Cockpit tab, on Components that name their Cockpit service. */
const cockpitEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/cockpit',
    title: 'Cockpit',
    routeRef: entityTabRouteRef,
    filter: isCockpitAvailable,
    loader: () =>
      import('./components/entity').then(m => <m.CockpitEntityContent />),
  },
});

/** The Cockpit card of the Overview tab, on the same Components. */
const cockpitOverviewCard = EntityCardBlueprint.make({
  name: 'overview',
  params: {
    filter: isCockpitAvailable,
    loader: () =>
      import('./components/entity').then(m => <m.CockpitOverviewCard />),
  },
});

/**
 * Cockpit for apps on Backstage's new frontend system: the fleet pages with a nav item, the
 * Cockpit tab and Overview card on Components that carry the `cockpit.io/service-name`
 * annotation, and the REST client API. Apps that discover features install it by adding the
 * package; others pass it to `createApp({ features: [cockpitPlugin] })`.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'cockpit',
  title: 'Cockpit',
  icon: <DashboardIcon fontSize="inherit" />,
  routes: { root: fleetRouteRef, entityContent: entityTabRouteRef },
  extensions: [
    cockpitApi,
    cockpitPage,
    cockpitEntityContent,
    cockpitOverviewCard,
  ],
});
