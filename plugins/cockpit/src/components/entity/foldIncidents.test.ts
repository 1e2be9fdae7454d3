import type { ServiceEvent } from '@cockpit/plugin-cockpit-common';
import { foldIncidentUpdates } from './foldIncidents';

const event = (
  fields: Partial<ServiceEvent> &
    Pick<ServiceEvent, 'id' | 'at' | 'kind' | 'title' | 'value'>,
): ServiceEvent => ({
  severity: null,
  resourceId: 's-1',
  resourceType: 'Service',
  resourceName: 'payment-service',
  subject: null,
  ...fields,
});

const opening = event({
  id: '1',
  at: '2026-11-20T14:05:00.000Z',
  kind: 'incident',
  title: '#1041 Card authorisations time out',
  value: {
    kind: 'incident',
    status: 'triggered',
    incident: { key: 'pagerduty:Q1' },
  },
});
const resolution = event({
  id: '2',
  at: '2026-11-20T14:47:00.000Z',
  kind: 'incident',
  title: 'Resolved: #1041 Card authorisations time out',
  value: {
    kind: 'incident',
    status: 'resolved',
    incident: { key: 'pagerduty:Q1', durationMinutes: 42 },
  },
});
const deployment = event({
  id: '3',
  at: '2026-11-20T15:00:00.000Z',
  kind: 'deployment',
  title: 'Deployed 1.4.2',
  value: {},
});

describe('foldIncidentUpdates', () => {
  it('shows an incident and its resolution as one incident, resolved', () => {
    const folded = foldIncidentUpdates([deployment, resolution, opening]);

    expect(folded.map(e => [e.id, e.title])).toEqual([
      ['3', 'Deployed 1.4.2'],
      ['1', '#1041 Card authorisations time out (resolved after 42 min)'],
    ]);
    expect(folded[1].value).toMatchObject({
      resolution: { status: 'resolved' },
    });
  });

  it('marks an incident without resolution as open', () => {
    expect(foldIncidentUpdates([opening])[0].title).toBe(
      '#1041 Card authorisations time out (open)',
    );
  });

  it('keeps a resolution whose opening is out of range', () => {
    expect(foldIncidentUpdates([resolution])).toEqual([resolution]);
  });

  it('leaves incidents without a key as they are', () => {
    const plain = event({
      id: '4',
      at: '2026-11-20T14:05:00.000Z',
      kind: 'incident',
      title: 'INC-1042',
      value: { kind: 'incident' },
    });
    expect(foldIncidentUpdates([plain])).toEqual([plain]);
  });
});
