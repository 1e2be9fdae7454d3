import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import {
  cockpitApiRef,
  EntityCockpitContent,
  EntityCockpitOverviewCard,
} from './index';
import { rootRouteRef } from './routes';
import { testCatalogApi } from './testing/catalog';
import { fakeTabCockpit } from './testing/fakeCockpit';

jest.setTimeout(30_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payment-service',
    annotations: { 'cockpit.io/service-name': 'payment-service' },
  },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
};

/** A Cockpit backend answering from the fixtures, as the REST client would. */
const cockpit = fakeTabCockpit();

/** The legacy frontend system: the extensions an app's EntityPage.tsx puts in its routes. */
async function renderLegacy(element: JSX.Element, url = '/') {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [cockpitApiRef, cockpit],
        [catalogApiRef, testCatalogApi()],
      ]}
    >
      <EntityProvider entity={entity}>{element}</EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/cockpit': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
      routeEntries: [url],
    },
  );
}

describe('the legacy export', () => {
  it('renders the Cockpit tab of a Component', async () => {
    // as an app's EntityPage mounts it: <EntityLayout.Route path="/cockpit">
    await renderLegacy(
      <Routes>
        <Route path="/cockpit" element={<EntityCockpitContent />} />
      </Routes>,
      '/cockpit',
    );

    expect(
      await screen.findByTestId('cockpit-entity-content'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('cockpit-owner')).toHaveTextContent(
      'team-payments',
    );
  });

  it('renders the Overview card of a Component', async () => {
    await renderLegacy(<EntityCockpitOverviewCard />);

    expect(
      await screen.findByText('Cockpit: payment-service'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('cockpit-health')).toHaveTextContent('UP 2');
  });
});
