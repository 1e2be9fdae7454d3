import { resolve } from 'node:path';
import {
  loadRecordings,
  ReplayServer,
  runCollectorForTest,
  startReplayServer,
} from '@cockpit/collector-sdk';
import { pagerDutyCollector } from './pagerduty';

const fixtures = resolve(__dirname, '__fixtures__');
const now = () => new Date('2026-11-22T10:00:00Z');

describe('pagerDutyCollector', () => {
  let server: ReplayServer;

  beforeAll(async () => {
    server = await startReplayServer({
      exchanges: await loadRecordings(resolve(fixtures, 'pagerduty')),
    });
  });
  afterAll(() => server.close());

  const config = () => ({
    baseUrl: server.origin,
    token: 'u+fixture-token',
    services: { PQ7N4ZR: 'checkout-service' },
    catalog: { file: resolve(fixtures, 'entities.json') },
    pageSize: 2,
  });

  it('reads every page of incidents of the services mapped by configuration and by catalog annotation', async () => {
    server.requests.length = 0;

    const { publisher } = await runCollectorForTest({
      collector: pagerDutyCollector,
      config: config(),
      now,
    });

    expect(server.requests).toHaveLength(2);
    const first = new URL(server.requests[0].slice(4), server.origin);
    expect(first.searchParams.getAll('service_ids[]').sort()).toEqual([
      'PIJ90N7',
      'PQ7N4ZR',
    ]);
    expect(first.searchParams.get('since')).toBe('2026-10-23T10:00:00.000Z');
    expect(
      publisher.readings({
        type: 'service-event',
        resource: 'payment-service',
      }),
    ).toHaveLength(3);
    expect(
      publisher.readings({
        type: 'service-event',
        resource: 'checkout-service',
      }),
    ).toHaveLength(3);
  });

  it('opens an incident at its creation with severity, status and link', async () => {
    const { publisher } = await runCollectorForTest({
      collector: pagerDutyCollector,
      config: config(),
      now,
    });

    const opened = publisher.expectReading({
      type: 'service-event',
      resource: 'payment-service',
      value: {
        kind: 'incident',
        title: '#1041 Card authorisations time out',
        severity: 'CRITICAL',
        status: 'triggered',
        url: 'https://acme.pagerduty.com/incidents/Q1KDP9WZ0A1B2C',
        incident: {
          source: 'pagerduty',
          id: 'Q1KDP9WZ0A1B2C',
          key: 'pagerduty:Q1KDP9WZ0A1B2C',
        },
      },
    });
    expect(opened.collectedAt).toBe('2026-11-20T14:05:00Z');
    expect(opened.storageMode).toBe('TIME_SERIES');
  });

  it('adds the resolution as a second point of the same incident key at its resolution time', async () => {
    const { publisher } = await runCollectorForTest({
      collector: pagerDutyCollector,
      config: config(),
      now,
    });

    const resolved = publisher.expectReading({
      type: 'service-event',
      resource: 'payment-service',
      value: {
        status: 'resolved',
        title: 'Resolved: #1041 Card authorisations time out',
        incident: {
          key: 'pagerduty:Q1KDP9WZ0A1B2C',
          startedAt: '2026-11-20T14:05:00Z',
          durationMinutes: 42,
        },
      },
    });
    expect(resolved.collectedAt).toBe('2026-11-20T14:47:00Z');
    // an answer without resolved_at (older API shape) resolves at the last status change
    const older = publisher.expectReading({
      type: 'service-event',
      resource: 'checkout-service',
      value: {
        status: 'resolved',
        severity: 'MEDIUM',
        incident: { key: 'pagerduty:Q4RS5KQM1K2L3M' },
      },
    });
    expect(older.collectedAt).toBe('2026-11-22T07:20:00Z');
  });

  it('takes the severity from the urgency when the incident has no priority', async () => {
    const { publisher } = await runCollectorForTest({
      collector: pagerDutyCollector,
      config: config(),
      now,
    });

    publisher.expectReading({
      type: 'service-event',
      resource: 'checkout-service',
      value: { title: '#1042 Basket totals off by one cent', severity: 'HIGH' },
    });
    publisher.expectReading({
      type: 'service-event',
      resource: 'payment-service',
      value: { title: '#1043 Refund queue is growing', severity: 'LOW' },
    });
  });

  it('publishes the same points on every run, so the sink keeps each once', async () => {
    const first = await runCollectorForTest({
      collector: pagerDutyCollector,
      config: config(),
      now,
    });
    const second = await runCollectorForTest({
      collector: pagerDutyCollector,
      config: config(),
      now: () => new Date('2026-11-22T10:05:00Z'),
    });

    const events = (p: typeof first.publisher) =>
      p.readings({ type: 'service-event' }).map(r => [r.collectedAt, r.value]);
    expect(events(second.publisher)).toEqual(events(first.publisher));
  });

  it("fails the run naming PagerDuty's answer when the key is refused", async () => {
    await expect(
      runCollectorForTest({
        collector: pagerDutyCollector,
        config: { ...config(), token: 'revoked' },
        now,
      }),
    ).rejects.toThrow(
      /GET http:\/\/127\.0\.0\.1:\d+\/incidents answered 401: Invalid Token/,
    );
  });

  it('refuses a configuration that maps no service', async () => {
    await expect(
      runCollectorForTest({
        collector: pagerDutyCollector,
        config: { token: 'x' },
      }),
    ).rejects.toThrow(/map at least one service/);
  });
});
