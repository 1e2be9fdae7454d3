import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CockpitClient } from '@cockpit/plugin-cockpit-common';
import { cockpitApiRef } from '../../../api';
import { rootRouteRef } from '../../../routes';
import { testCatalogApi } from '../../../testing/catalog';
import { fakeTabCockpit } from '../../../testing/fakeCockpit';
import { LocationProbe, searchParamsOf } from '../../../testing/LocationProbe';
import { CockpitEntityContent } from '../CockpitEntityContent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payment-service' },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
};

async function renderTab(cockpit: CockpitClient, url = '/') {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [cockpitApiRef, cockpit],
        [catalogApiRef, testCatalogApi()],
      ]}
    >
      <EntityProvider entity={entity}>
        <CockpitEntityContent />
        <LocationProbe />
      </EntityProvider>
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

/** The asOf each data call of the tab passed, by calculation or route. */
function asOfSent(cockpit: jest.Mocked<CockpitClient>) {
  const calls: Array<[string, string | undefined]> = [];
  for (const [name, params] of cockpit.runCalculation.mock.calls)
    calls.push([name, (params as { asOf?: string }).asOf]);
  for (const [, query] of cockpit.listReadings.mock.calls)
    calls.push(['readings', query?.asOf]);
  return calls;
}

const moment = '2026-11-21T12:00:00.000Z';

// the whole tab renders several tables: slow on a busy machine
jest.setTimeout(60_000);

describe('the "as of" picker of the Cockpit tab', () => {
  it('shows the tab as of the moment in the URL, under a banner, with every data call asking for it', async () => {
    const cockpit = fakeTabCockpit();
    await renderTab(cockpit, `/?asOf=${encodeURIComponent(moment)}`);

    await screen.findByTestId('cockpit-events-chart', {}, { timeout: 20_000 });
    await screen.findAllByTestId('cockpit-change');
    expect(screen.getByTestId('cockpit-as-of-banner')).toHaveTextContent(
      `Viewing payment-service as it stood on`,
    );
    const calls = asOfSent(cockpit);
    expect(calls.map(([name]) => name).sort()).toEqual([
      'deployment-vulnerabilities',
      'readings',
      'service-events',
      'service-overview',
    ]);
    expect(calls.every(([, asOf]) => asOf === moment)).toBe(true);
    expect(
      (
        cockpit.runCalculation.mock.calls.find(
          ([name]) => name === 'service-events',
        )![1] as { to: string }
      ).to,
    ).toBe(moment);
    expect(cockpit.listChanges.mock.calls[0][0]).toMatchObject({
      until: moment,
    });
  });

  it('puts the chosen moment in the URL and asks every part of the tab for it', async () => {
    const cockpit = fakeTabCockpit();
    await renderTab(cockpit);
    await screen.findByTestId('cockpit-owner');
    expect(
      screen.queryByTestId('cockpit-as-of-banner'),
    ).not.toBeInTheDocument();

    fireEvent.change(screen.getByTestId('cockpit-as-of-input'), {
      target: { value: '2026-11-21T13:30' },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Show' }));

    // the input is local time; the URL keeps the same moment in UTC
    const chosen = new Date('2026-11-21T13:30').toISOString();
    await waitFor(() =>
      expect(
        searchParamsOf(screen.getByTestId('location-search')).get('asOf'),
      ).toBe(chosen),
    );
    expect(await screen.findByTestId('cockpit-as-of-banner')).toBeVisible();
    await screen.findByTestId('cockpit-owner');
    await waitFor(() =>
      expect(
        asOfSent(cockpit)
          .filter(([, asOf]) => asOf === chosen)
          .map(([n]) => n)
          .sort(),
      ).toEqual([
        'deployment-vulnerabilities',
        'readings',
        'service-events',
        'service-overview',
      ]),
    );
  });

  it('goes back to now from the banner', async () => {
    const cockpit = fakeTabCockpit();
    await renderTab(cockpit, `/?asOf=${moment}&severity=HIGH`);
    const banner = await screen.findByTestId('cockpit-as-of-banner');
    await screen.findByTestId('cockpit-owner');
    cockpit.runCalculation.mockClear();

    await userEvent.click(
      within(banner).getByRole('button', { name: 'Back to now' }),
    );

    await waitFor(() =>
      expect(
        screen.queryByTestId('cockpit-as-of-banner'),
      ).not.toBeInTheDocument(),
    );
    const search = searchParamsOf(screen.getByTestId('location-search'));
    expect(search.get('asOf')).toBeNull();
    expect(search.get('severity')).toBe('HIGH');
    await waitFor(() =>
      expect(cockpit.runCalculation).toHaveBeenCalledWith('service-overview', {
        service: 'payment-service',
        asOf: undefined,
      }),
    );
  });

  it('says the service was unknown then when it did not exist at that moment', async () => {
    const cockpit = fakeTabCockpit();
    cockpit.runCalculation.mockRejectedValue(new NotFoundError('no service'));
    await renderTab(cockpit, `/?asOf=${moment}`);

    expect(
      await screen.findByText(
        'Cockpit knew nothing about "payment-service" at that moment',
      ),
    ).toBeInTheDocument();
  });

  it('shows now, and says why, when the moment in the URL is not a time', async () => {
    const cockpit = fakeTabCockpit();
    await renderTab(cockpit, '/?asOf=yesterday-ish');

    expect(await screen.findByTestId('cockpit-as-of-banner')).toHaveTextContent(
      '"yesterday-ish", which is not a date and time: showing now',
    );
    await screen.findByTestId('cockpit-owner');
    expect(cockpit.runCalculation).toHaveBeenCalledWith('service-overview', {
      service: 'payment-service',
      asOf: undefined,
    });
  });
});
