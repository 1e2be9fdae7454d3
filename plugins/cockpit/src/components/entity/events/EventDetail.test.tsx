import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import type { ServiceEvent } from '@cockpit/plugin-cockpit-common';
import { rootRouteRef } from '../../../routes';
import { EventDetail } from './EventDetail';
import { kindColor } from './EventsChart';

const change: ServiceEvent = {
  id: 'c-1',
  at: '2026-11-22T09:00:00.000Z',
  kind: 'change',
  title:
    'deployment-info.version 1.76.98 -> 1.77.5 on payment-service/production',
  severity: null,
  resourceId: 'd-prod',
  resourceType: 'ServiceDeployment',
  resourceName: 'payment-service/production',
  subject: null,
  value: {
    readingType: 'deployment-info',
    before: { version: '1.76.98' },
    after: { version: '1.77.5' },
  },
};

async function renderDetail(event: ServiceEvent) {
  return renderInTestApp(<EventDetail event={event} onClose={() => {}} />, {
    mountedRoutes: { '/cockpit': rootRouteRef },
  });
}

describe('EventDetail', () => {
  it('shows the difference a change event made', async () => {
    await renderDetail(change);

    const diff = await screen.findByTestId('cockpit-event-change-diff');
    const version = diff.querySelector('[data-key="version"]')!;
    expect(version).toHaveClass('jsondiffpatch-modified');
    expect(
      version.querySelector('.jsondiffpatch-left-value'),
    ).toHaveTextContent('"1.76.98"');
    expect(
      version.querySelector('.jsondiffpatch-right-value'),
    ).toHaveTextContent('"1.77.5"');
  });

  it('shows no diff for an event of another kind', async () => {
    await renderDetail({ ...change, kind: 'deployment' });

    await screen.findByTestId('cockpit-event-detail');
    expect(
      screen.queryByTestId('cockpit-event-change-diff'),
    ).not.toBeInTheDocument();
  });
});

describe('kindColor', () => {
  it('gives the change lane its own colour in both themes', () => {
    expect(kindColor('change', 0, false)).toBe('#ef6c00');
    expect(kindColor('change', 0, true)).toBe('#ffb74d');
  });
});
