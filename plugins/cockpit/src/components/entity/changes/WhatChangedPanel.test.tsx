import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { CockpitClient } from '@cockpit/plugin-cockpit-common';
import { cockpitApiRef } from '../../../api';
import { rootRouteRef } from '../../../routes';
import { serviceChanges } from '../../../testing/history';
import { WhatChangedPanel } from './WhatChangedPanel';

function fakeCockpit() {
  return {
    listChanges: jest.fn(async () => ({ items: serviceChanges() })),
  } as unknown as jest.Mocked<CockpitClient>;
}

async function renderPanel(cockpit: CockpitClient, url = '/') {
  return renderInTestApp(
    <TestApiProvider apis={[[cockpitApiRef, cockpit]]}>
      <WhatChangedPanel service="payment-service" />
    </TestApiProvider>,
    { mountedRoutes: { '/cockpit': rootRouteRef }, routeEntries: [url] },
  );
}

const HOUR = 3600_000;
const span = (query: { since?: string; until?: string }) =>
  Date.parse(query.until!) - Date.parse(query.since!);

describe('WhatChangedPanel', () => {
  it("asks for the last 24 hours of the service's changes", async () => {
    const cockpit = fakeCockpit();
    await renderPanel(cockpit);

    await screen.findAllByTestId('cockpit-change');
    const query = cockpit.listChanges.mock.calls[0][0]!;
    expect(query).toMatchObject({ service: 'payment-service', limit: 200 });
    expect(span(query)).toBe(24 * HOUR);
    expect(Math.abs(Date.parse(query.until!) - Date.now())).toBeLessThan(
      60_000,
    );
  });

  it('groups the changes by resource, newest first, each with its before and after', async () => {
    await renderPanel(fakeCockpit());

    const groups = await screen.findAllByTestId('cockpit-changes-resource');
    expect(
      groups.map(group => within(group).getByRole('link').textContent),
    ).toEqual([
      'payment-service/production/i-0abc',
      'payment-service/production',
    ]);
    expect(within(groups[0]).getAllByTestId('cockpit-change')).toHaveLength(2);
    expect(groups[0]).toHaveTextContent('status: UP → DEGRADED');
    expect(groups[0]).toHaveTextContent('created: {"ip":"10.0.1.17"}');
    expect(groups[1]).toHaveTextContent('version: 1.76.98 → 1.77.5');
    expect(groups[1]).toHaveTextContent(
      'image: registry/payment:1.76.98 → registry/payment:1.77.5',
    );
    expect(within(groups[1]).getByRole('link')).toHaveAttribute(
      'href',
      '/cockpit/explorer?resource=d-prod',
    );
    expect(screen.getByTestId('cockpit-changes-count')).toHaveTextContent(
      '3 changes on 2 resources',
    );
  });

  it('asks for 7 days when the range changes', async () => {
    const cockpit = fakeCockpit();
    await renderPanel(cockpit);
    await screen.findAllByTestId('cockpit-change');

    await userEvent.click(screen.getByLabelText('last 7 days'));

    await waitFor(() =>
      expect(span(cockpit.listChanges.mock.lastCall![0]!)).toBe(7 * 24 * HOUR),
    );
  });

  it('asks for a custom range taken from the URL', async () => {
    const cockpit = fakeCockpit();
    await renderPanel(
      cockpit,
      '/?changes=custom&changesFrom=2026-11-01T00:00:00Z&changesTo=2026-11-03T00:00:00Z',
    );

    await screen.findAllByTestId('cockpit-change');
    expect(cockpit.listChanges).toHaveBeenCalledWith(
      expect.objectContaining({
        since: '2026-11-01T00:00:00.000Z',
        until: '2026-11-03T00:00:00.000Z',
      }),
    );
  });

  it('ends the range at the moment the tab shows the past', async () => {
    const cockpit = fakeCockpit();
    await renderPanel(cockpit, '/?asOf=2026-11-21T12:00:00.000Z');

    await screen.findAllByTestId('cockpit-change');
    expect(cockpit.listChanges).toHaveBeenCalledWith(
      expect.objectContaining({
        since: '2026-11-20T12:00:00.000Z',
        until: '2026-11-21T12:00:00.000Z',
      }),
    );
  });

  it('opens the full difference of one change', async () => {
    await renderPanel(fakeCockpit());

    await userEvent.click(
      await screen.findByRole('button', {
        name: 'show the difference of deployment-info at 2026-11-22T09:00:00.000Z',
      }),
    );

    const diff = await screen.findByTestId('cockpit-change-diff');
    const modified = [...diff.querySelectorAll('.jsondiffpatch-modified')];
    expect(modified.map(node => node.getAttribute('data-key')).sort()).toEqual([
      'image',
      'version',
    ]);
    expect(diff).toHaveTextContent('1.76.98');
    expect(diff).toHaveTextContent('1.77.5');
  });

  it('shows a resource that housekeeping deleted', async () => {
    const cockpit = fakeCockpit();
    cockpit.listChanges.mockResolvedValue({
      items: [
        {
          kind: 'deleted',
          resource: {
            id: 'i-9',
            type: 'ServiceInstance',
            name: 'payment-service/production/i-0old',
            parentId: 'd-prod',
          },
          readingType: null,
          at: '2026-11-22T07:00:00.000Z',
          before: null,
          after: null,
          collector: null,
        },
      ],
    });
    await renderPanel(cockpit);

    const change = await screen.findByTestId('cockpit-change');
    expect(change).toHaveTextContent('resource');
    expect(change).toHaveTextContent('deleted by housekeeping');
  });

  it('says so when nothing changed', async () => {
    const cockpit = fakeCockpit();
    cockpit.listChanges.mockResolvedValue({ items: [] });
    await renderPanel(cockpit);

    expect(
      await screen.findByText('Nothing changed in this range.'),
    ).toBeInTheDocument();
  });
});
