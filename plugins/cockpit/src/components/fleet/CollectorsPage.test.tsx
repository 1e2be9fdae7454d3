import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  CockpitClient,
  CollectorStatusList,
} from '@cockpit/plugin-cockpit-common';
import { cockpitApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { CollectorsPage } from './CollectorsPage';

jest.setTimeout(30_000);

const list: CollectorStatusList = {
  at: '2026-12-02T08:00:00.000Z',
  items: [
    {
      id: 'catalog',
      resourceId: 'c-catalog',
      lastRun: {
        runId: 'r-1',
        startedAt: '2026-12-02T07:50:00.000Z',
        finishedAt: '2026-12-02T07:50:04.000Z',
        status: 'OK',
        messages: 1204,
        batches: 3,
        schedule: 'rate(15 minutes)',
      },
      schedule: 'rate(15 minutes)',
      dueBy: '2026-12-02T08:10:04.000Z',
      overdue: false,
      last24h: { runs: 96, failures: 2, messages: 115000, rejections: 0 },
    },
    {
      id: 'health',
      resourceId: 'c-health',
      lastRun: {
        runId: 'r-2',
        startedAt: '2026-12-02T05:00:00.000Z',
        finishedAt: '2026-12-02T05:00:10.000Z',
        status: 'FAILED',
        messages: 0,
        batches: 0,
        error: 'PublishError: topic gone',
        schedule: 'rate(5 minutes)',
      },
      schedule: 'rate(5 minutes)',
      dueBy: '2026-12-02T05:10:10.000Z',
      overdue: true,
      last24h: { runs: 30, failures: 1, messages: 900, rejections: 4 },
    },
    {
      id: 'python-inventory',
      resourceId: null,
      lastRun: null,
      schedule: null,
      dueBy: null,
      overdue: false,
      last24h: { runs: 0, failures: 0, messages: 0, rejections: 7 },
    },
  ],
};

async function render(cockpit: Partial<CockpitClient>) {
  return renderInTestApp(
    <TestApiProvider apis={[[cockpitApiRef, cockpit]]}>
      <CollectorsPage />
    </TestApiProvider>,
    { mountedRoutes: { '/cockpit': rootRouteRef } },
  );
}

describe('CollectorsPage', () => {
  it('lists each collector with its last run, messages, the last 24 hours and its schedule', async () => {
    await render({ listCollectors: jest.fn().mockResolvedValue(list) });

    const row = (await screen.findByRole('link', { name: 'catalog' })).closest(
      'tr',
    )!;
    expect(row).toHaveTextContent('10 min ago');
    expect(row).toHaveTextContent('1,204');
    expect(row).toHaveTextContent('96');
    expect(row).toHaveTextContent('rate(15 minutes)');
    expect(row).toHaveTextContent('in 10 min');
    expect(within(row).getByLabelText('status OK')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'catalog' })).toHaveAttribute(
      'href',
      '/cockpit/explorer?resource=c-catalog',
    );
  });

  it('flags a collector that is overdue and failed its last run, and counts those needing attention', async () => {
    await render({ listCollectors: jest.fn().mockResolvedValue(list) });

    const row = (await screen.findByRole('link', { name: 'health' })).closest(
      'tr',
    )!;
    expect(
      within(row).getByLabelText('status FAILED, overdue'),
    ).toBeInTheDocument();
    expect(row).toHaveTextContent('overdue since 3 h');
    expect(
      screen.getByText('1 need attention: overdue or failed on their last run'),
    ).toBeInTheDocument();
  });

  it('shows a collector known only from its rejected input', async () => {
    await render({ listCollectors: jest.fn().mockResolvedValue(list) });

    const row = (await screen.findByText('python-inventory')).closest('tr')!;
    expect(row).toHaveTextContent('no run recorded');
    expect(row).toHaveTextContent('never');
    expect(row).toHaveTextContent('7');
  });

  it('opens the last run record, error included', async () => {
    await render({ listCollectors: jest.fn().mockResolvedValue(list) });

    const row = (await screen.findByRole('link', { name: 'health' })).closest(
      'tr',
    )!;
    await userEvent.click(within(row).getAllByRole('button')[0]);

    expect(
      await screen.findByText(/PublishError: topic gone/),
    ).toBeInTheDocument();
  });

  it('says so when no collector has reported', async () => {
    await render({
      listCollectors: jest.fn().mockResolvedValue({ at: list.at, items: [] }),
    });

    expect(
      await screen.findByText('No collector has reported yet'),
    ).toBeInTheDocument();
  });
});
