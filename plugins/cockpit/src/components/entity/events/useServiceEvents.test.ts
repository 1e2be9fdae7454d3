import type {
  ServiceEvent,
  ServiceEventsResult,
} from '@cockpit/plugin-cockpit-common';
import { eventLanes } from './useServiceEvents';

const event = (id: string, kind: string, at: string): ServiceEvent => ({
  id,
  at,
  kind,
  title: id,
  severity: null,
  resourceId: 'r',
  resourceType: 'Service',
  resourceName: 's',
  subject: null,
  value: {},
});

describe('eventLanes', () => {
  it('gives every counted kind a lane in name order, even one whose events the limit left out', () => {
    const result: ServiceEventsResult = {
      service: 's',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-02T00:00:00.000Z',
      items: [
        event('1', 'incident', '2026-11-01T10:00:00.000Z'),
        event('2', 'deployment', '2026-11-01T09:00:00.000Z'),
      ],
      truncated: true,
      countsByKind: { incident: 1, deployment: 1, 'instance-stopped': 4 },
    };
    const lanes = eventLanes(result);
    expect(lanes.map(lane => [lane.kind, lane.points.map(p => p.id)])).toEqual([
      ['deployment', ['2']],
      ['incident', ['1']],
      ['instance-stopped', []],
    ]);
    expect(lanes[1].points[0]).toMatchObject({
      lane: 1,
      t: Date.parse('2026-11-01T10:00:00.000Z'),
    });
  });

  it('has no lanes before the result arrives', () => {
    expect(eventLanes(undefined)).toEqual([]);
  });
});
