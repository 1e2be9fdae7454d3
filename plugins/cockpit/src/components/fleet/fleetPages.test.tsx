import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import type {
  CockpitClient,
  Reading,
  Resource,
} from '@cockpit/plugin-cockpit-common';
import { cockpitApiRef } from '../../api';
import { testCatalogApi } from '../../testing/catalog';
import { rootRouteRef } from '../../routes';
import { dependencyUsage, fleetVulnerabilities } from '../../testing/fixtures';
import { ExplorerPage } from './ExplorerPage';
import { FleetVulnerabilitiesPage } from './FleetVulnerabilitiesPage';
import { RejectionsPage } from './RejectionsPage';
import { WhoUsesPage } from './WhoUsesPage';
import { UsageByService } from './whoUses/UsageByService';

const mountedRoutes = {
  '/cockpit': rootRouteRef,
  '/catalog/:namespace/:kind/:name': entityRouteRef,
};

async function render(
  element: JSX.Element,
  cockpit: Partial<CockpitClient>,
  url = '/',
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [cockpitApiRef, cockpit],
        [catalogApiRef, testCatalogApi()],
      ]}
    >
      {element}
    </TestApiProvider>,
    { mountedRoutes, routeEntries: [url] },
  );
}

const resource = (
  fields: Partial<Resource> & Pick<Resource, 'id' | 'type' | 'name'>,
): Resource => ({
  parentId: null,
  createdOn: '2026-11-01T00:00:00.000Z',
  lastSeenOn: '2026-11-22T10:00:00.000Z',
  ...fields,
});

const reading = (
  fields: Partial<Reading> & Pick<Reading, 'id' | 'type' | 'value'>,
): Reading => ({
  resourceId: 'd-prod',
  storageMode: 'SNAPSHOT',
  collectedAt: '2026-11-22T10:00:00.000Z',
  createdOn: '2026-11-22T10:00:01.000Z',
  ...fields,
});

// full pages with several tables render slowly on a busy machine
jest.setTimeout(30_000);

describe('WhoUsesPage', () => {
  it('asks who uses the package version typed and groups the deployments by service', async () => {
    const runCalculation = jest.fn().mockResolvedValue(dependencyUsage());
    await render(<WhoUsesPage />, { runCalculation } as Partial<CockpitClient>);

    await userEvent.click(screen.getByTestId('who-uses-input'));
    await userEvent.paste(
      'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));

    expect(
      await screen.findByTestId('who-uses-summary', {}, { timeout: 5000 }),
    ).toHaveTextContent(
      '3 deployments of 2 services carry pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
    );
    expect(runCalculation).toHaveBeenCalledWith('dependency-usage', {
      package: 'pkg:maven/org.apache.logging.log4j/log4j-core',
      version: '2.14.1',
    });
    expect(
      screen.getByRole('link', { name: /payment-service/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /checkout-service/ }),
    ).toBeInTheDocument();
  });

  it('answers straight from a deep link', async () => {
    const runCalculation = jest.fn().mockResolvedValue(dependencyUsage());
    await render(
      <WhoUsesPage />,
      { runCalculation } as Partial<CockpitClient>,
      '/?purl=pkg%3Amaven%2Forg.apache.logging.log4j%2Flog4j-core',
    );

    await screen.findByTestId('who-uses-summary');
    expect(runCalculation).toHaveBeenCalledWith('dependency-usage', {
      package: 'pkg:maven/org.apache.logging.log4j/log4j-core',
      version: undefined,
    });
  });

  it('shows the services carrying a common package a step at a time', async () => {
    const one = dependencyUsage().items[0]!;
    const services = ['a', 'b', 'c', 'd', 'e'].map(s => `service-${s}`);
    await render(
      <UsageByService
        step={2}
        byService={services.map(service => [service, [{ ...one, service }]])}
      />,
      {},
    );

    // services outside the catalog: their names, unlinked, title the cards
    const cards = () =>
      screen.getAllByText(/^service-\w$/).map(card => card.textContent);
    expect(cards()).toEqual(['service-a', 'service-b']);
    await userEvent.click(
      screen.getByRole('button', { name: 'Show 2 more of 3 services' }),
    );
    expect(cards()).toHaveLength(4);
    await userEvent.click(
      screen.getByRole('button', { name: 'Show 1 more of 1 service' }),
    );
    expect(cards()).toEqual(services);
    expect(screen.queryByRole('button', { name: /^Show / })).toBeNull();
  });
});

describe('ExplorerPage', () => {
  const service = resource({
    id: 's-1',
    type: 'Service',
    name: 'payment-service',
  });
  const deployment = resource({
    id: 'd-prod',
    type: 'ServiceDeployment',
    name: 'payment-service/production',
    parentId: 's-1',
  });
  const instance = resource({
    id: 'i-1',
    type: 'ServiceInstance',
    name: 'payment-service/production/i-0abc',
    parentId: 'd-prod',
  });

  function fakeCockpit(): Partial<CockpitClient> {
    const byId: Record<string, Resource> = {
      's-1': service,
      'd-prod': deployment,
      'i-1': instance,
    };
    return {
      listResources: jest.fn().mockResolvedValue({ items: [service] }),
      getResource: jest.fn(async (id: string) => byId[id]),
      listChildren: jest.fn().mockResolvedValue({ items: [instance] }),
      listReadings: jest.fn().mockResolvedValue({
        items: [
          reading({
            id: '1',
            type: 'deployment-info',
            value: { version: '1.4.2', deployedAt: '2026-11-20T09:00:00Z' },
          }),
          reading({
            id: '2',
            type: 'latency',
            storageMode: 'TIME_SERIES',
            value: { p95: 120 },
          }),
          reading({
            id: '3',
            type: 'latency',
            storageMode: 'TIME_SERIES',
            value: { p95: 95 },
            collectedAt: '2026-11-22T09:00:00.000Z',
          }),
        ],
      }),
    };
  }

  it('searches resources by type and name', async () => {
    const cockpit = fakeCockpit();
    await render(<ExplorerPage />, cockpit);

    await userEvent.type(screen.getByTestId('explorer-q'), 'pay');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));

    await waitFor(() =>
      expect(cockpit.listResources).toHaveBeenLastCalledWith({
        type: 'Service',
        q: 'pay',
        limit: 100,
      }),
    );
    expect(
      await screen.findByRole('link', { name: 'payment-service' }),
    ).toBeInTheDocument();
  });

  it('shows a resource with its ancestors, children, snapshot JSON and time-series history', async () => {
    await render(<ExplorerPage />, fakeCockpit(), '/?resource=d-prod');

    const details = await screen.findByTestId('explorer-resource');
    expect(
      within(details).getByRole('navigation', { name: 'ancestors' }),
    ).toHaveTextContent('Service payment-service');
    expect(
      within(details).getByRole('link', {
        name: 'payment-service/production/i-0abc',
      }),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('reading-deployment-info')).getByText(
        /1\.4\.2/,
      ),
    ).toBeInTheDocument();
    const series = screen.getByTestId('reading-latency');
    expect(series).toHaveTextContent('TIME_SERIES');
    expect(series).toHaveTextContent('2 points');
    expect(within(series).getByText('{"p95":95}')).toBeInTheDocument();
    expect(within(series).getByTestId('cockpit-sparkline')).toBeInTheDocument();
  });
});

describe('FleetVulnerabilitiesPage', () => {
  it('shows fleet counts, the most exposed services and the most widespread packages', async () => {
    const runCalculation = jest.fn().mockResolvedValue(fleetVulnerabilities());
    await render(<FleetVulnerabilitiesPage />, {
      runCalculation,
    } as Partial<CockpitClient>);

    const counts = await screen.findByTestId('fleet-vulnerability-counts');
    expect(counts).toHaveTextContent('CRITICAL 3');
    expect(counts).toHaveTextContent('HIGH 5');
    expect(
      screen.getByText('2 services and 4 deployments affected'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /payment-service/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', {
        name: 'pkg:maven/org.apache.logging.log4j/log4j-core',
      }),
    ).toHaveAttribute(
      'href',
      '/cockpit/who-uses?purl=pkg%3Amaven%2Forg.apache.logging.log4j%2Flog4j-core',
    );
  });

  it('shows where each vulnerable package comes from, and the counts by origin', async () => {
    const runCalculation = jest.fn().mockResolvedValue(fleetVulnerabilities());
    await render(<FleetVulnerabilitiesPage />, {
      runCalculation,
    } as Partial<CockpitClient>);

    const origins = await screen.findByTestId('fleet-vulnerability-origins');
    expect(origins).toHaveTextContent(
      /Libraries:\s*CRITICAL 3\s*HIGH 3\s*LOW 1/,
    );
    expect(origins).toHaveTextContent(/Container images:\s*HIGH 2/);
    const openssl = screen.getByText('openssl').closest('tr')!;
    expect(
      within(openssl).getByText(
        'OS package in image 123456789012.dkr.ecr.eu-central-1.amazonaws.com/payment-service:1.4.2 +1',
      ),
    ).toBeInTheDocument();
    // an image's package is named by the scanner, not by a package URL: no "who uses" link
    expect(
      screen.queryByRole('link', { name: 'openssl' }),
    ).not.toBeInTheDocument();
    const log4j = screen
      .getByRole('link', { name: /log4j-core/ })
      .closest('tr')!;
    expect(within(log4j).getByText('library')).toBeInTheDocument();
  });
});

describe('RejectionsPage', () => {
  it('lists rejected input with its reason and loads the next page on demand', async () => {
    const rejection = (id: string, reason: string) => ({
      id,
      source: 'http',
      collector: 'demo-fleet',
      reason,
      payload: '{"kind":"reading"}',
      messageIndex: 2,
      receivedAt: '2026-11-22T10:00:00.000Z',
    });
    const listRejections = jest
      .fn()
      .mockResolvedValueOnce({
        items: [rejection('1', 'messages.2.value.status: invalid')],
        nextCursor: 'c1',
      })
      .mockResolvedValueOnce({ items: [rejection('2', 'not valid JSON')] });
    await render(<RejectionsPage />, {
      listRejections,
    } as Partial<CockpitClient>);

    expect(
      await screen.findByText('messages.2.value.status: invalid'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));

    expect(await screen.findByText('not valid JSON')).toBeInTheDocument();
    expect(listRejections).toHaveBeenLastCalledWith({
      limit: 50,
      cursor: 'c1',
    });
  });

  it('says so when nothing was rejected', async () => {
    await render(<RejectionsPage />, {
      listRejections: jest.fn().mockResolvedValue({ items: [] }),
    });

    expect(await screen.findByText('No rejected input')).toBeInTheDocument();
  });
});
