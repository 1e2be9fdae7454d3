import { screen, waitFor, within } from '@testing-library/react';
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
import { cockpitApiRef } from '../../api';
import { testCatalogApi } from '../../testing/catalog';
import { rootRouteRef } from '../../routes';
import { fakeTabCockpit } from '../../testing/fakeCockpit';
import { CockpitEntityContent } from './CockpitEntityContent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payment-service' },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
};

const fakeCockpit = fakeTabCockpit;

async function renderTab(
  cockpit: CockpitClient,
  options: { entity?: Entity; url?: string } = {},
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [cockpitApiRef, cockpit],
        [catalogApiRef, testCatalogApi()],
      ]}
    >
      <EntityProvider entity={options.entity ?? entity}>
        <CockpitEntityContent />
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/cockpit': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
      routeEntries: [options.url ?? '/'],
    },
  );
}

// full pages with several tables render slowly on a busy machine
jest.setTimeout(30_000);

describe('CockpitEntityContent', () => {
  it('shows owner, tech stack and the health and vulnerability totals of the service', async () => {
    await renderTab(fakeCockpit());

    expect(await screen.findByTestId('cockpit-owner')).toHaveTextContent(
      'team-payments',
    );
    expect(screen.getByTestId('cockpit-tech-stack')).toHaveTextContent(
      'java · spring-boot · jvm',
    );
    const health = screen.getByTestId('cockpit-health');
    expect(health).toHaveTextContent('UP 2');
    expect(health).toHaveTextContent('DEGRADED 1');
    const vulnerabilities = screen.getByTestId('cockpit-vulnerabilities');
    expect(vulnerabilities).toHaveTextContent('CRITICAL 1');
    expect(vulnerabilities).toHaveTextContent('HIGH 2');
  });

  it('asks for the service named by the entity, or by its annotation', async () => {
    const cockpit = fakeCockpit();
    await renderTab(cockpit, {
      entity: {
        ...entity,
        metadata: {
          name: 'payments',
          annotations: { 'cockpit.io/service-name': 'payment-service' },
        },
      },
    });

    await screen.findByTestId('cockpit-owner');
    expect(cockpit.runCalculation).toHaveBeenCalledWith('service-overview', {
      service: 'payment-service',
    });
  });

  it('lists deployments, instances with their address and JVM, and links upstream services', async () => {
    await renderTab(fakeCockpit());

    await screen.findByTestId('cockpit-owner');
    expect(screen.getAllByText('1.4.2').length).toBeGreaterThan(0);
    expect(screen.getByText('i-0abc')).toBeInTheDocument();
    expect(screen.getByText('10.0.1.17')).toBeInTheDocument();
    expect(
      screen.getByText(/21\.0\.5 \(Eclipse Adoptium\)/),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: /checkout-service/ }),
    ).toHaveAttribute('href', '/catalog/shop/component/checkout-service');
  });

  it('shows an upstream service the catalog does not know as plain text', async () => {
    await renderTab(fakeCockpit());

    const upstreams = await screen.findByRole('list', {
      name: 'upstream services',
    });
    await within(upstreams).findByRole('link', { name: /checkout-service/ });
    expect(within(upstreams).getByText('fraud-scoring')).toBeInTheDocument();
    expect(
      within(upstreams).queryByRole('link', { name: /fraud-scoring/ }),
    ).not.toBeInTheDocument();
  });

  it('shows the vulnerable dependencies of production with advisory links and fixed-in versions', async () => {
    await renderTab(fakeCockpit());

    const advisory = await screen.findByRole('link', {
      name: /GHSA-jfh8-c2jp-5v3q/,
    });
    expect(advisory).toHaveAttribute(
      'href',
      'https://github.com/advisories/GHSA-jfh8-c2jp-5v3q',
    );
    expect(screen.getByText('2.15.0')).toBeInTheDocument();
    expect(screen.getByText('no fix yet')).toBeInTheDocument();
  });

  it('says which vulnerabilities come from a container image, and which from a library', async () => {
    await renderTab(fakeCockpit());

    const imageAdvisory = await screen.findByRole('link', {
      name: /CVE-2024-5535/,
    });
    const imageRow = imageAdvisory.closest('tr')!;
    expect(
      within(imageRow).getByText(
        'OS package in image 123456789012.dkr.ecr.eu-central-1.amazonaws.com/payment-service:1.4.2',
      ),
    ).toBeInTheDocument();
    const libraryRow = screen
      .getByRole('link', { name: /GHSA-jfh8-c2jp-5v3q/ })
      .closest('tr')!;
    expect(within(libraryRow).getByText('library')).toBeInTheDocument();
    expect(
      screen.getByText(/of 40 dependency versions and in 1 container image/),
    ).toBeInTheDocument();
  });

  it('hides advisories below the severity chosen in the URL', async () => {
    await renderTab(fakeCockpit(), { url: '/?severity=CRITICAL' });

    await screen.findByRole('link', { name: /GHSA-jfh8-c2jp-5v3q/ });
    expect(
      screen.queryByRole('link', { name: /CVE-2020-36518/ }),
    ).not.toBeInTheDocument();
  });

  it('asks for the last 7 days of events and for 24 hours after the range changes', async () => {
    const cockpit = fakeCockpit();
    await renderTab(cockpit);
    await screen.findByTestId('cockpit-events-chart', {}, { timeout: 10_000 });
    const eventCalls = () =>
      cockpit.runCalculation.mock.calls.filter(
        ([name]) => name === 'service-events',
      );
    const span = (call: any[]) =>
      new Date(call[1].to).getTime() - new Date(call[1].from).getTime();
    expect(span(eventCalls()[0])).toBe(7 * 24 * 3600_000);

    await userEvent.click(
      within(screen.getByRole('group', { name: 'time range' })).getByLabelText(
        'last 24 hours',
      ),
    );

    await waitFor(
      () =>
        expect(span(eventCalls()[eventCalls().length - 1])).toBe(24 * 3600_000),
      {
        timeout: 10_000,
      },
    );
  });

  it('shows the details of an event picked from the list, with a link to its resource', async () => {
    await renderTab(fakeCockpit());

    await userEvent.click(
      await screen.findByText(
        'Card authorisations failing',
        {},
        { timeout: 10_000 },
      ),
    );

    const detail = await screen.findByTestId(
      'cockpit-event-detail',
      {},
      { timeout: 10_000 },
    );
    expect(
      within(detail).getByRole('link', { name: 'payment-service' }),
    ).toHaveAttribute('href', '/cockpit/explorer?resource=s-1');
  });

  it('explains how to connect the entity when Cockpit does not know the service', async () => {
    const cockpit = fakeCockpit();
    cockpit.runCalculation.mockRejectedValue(
      new NotFoundError('unknown service'),
    );

    await renderTab(cockpit);

    expect(
      await screen.findByText(/Cockpit has no data about "payment-service"/),
    ).toBeInTheDocument();
  });

  it('shows the error when the API fails', async () => {
    const cockpit = fakeCockpit();
    cockpit.runCalculation.mockRejectedValue(new Error('database unavailable'));

    await renderTab(cockpit);

    expect(
      (await screen.findAllByText(/database unavailable/)).length,
    ).toBeGreaterThan(0);
  });
});
