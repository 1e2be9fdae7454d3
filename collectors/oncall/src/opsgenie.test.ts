import { resolve } from 'node:path';
import {
  loadRecordings,
  ReplayServer,
  runCollectorForTest,
  startReplayServer,
} from '@cockpit/collector-sdk';
import { opsgenieCollector } from './opsgenie';

const now = () => new Date('2026-11-22T10:00:00Z');

describe('opsgenieCollector', () => {
  let server: ReplayServer;

  beforeAll(async () => {
    server = await startReplayServer({
      exchanges: await loadRecordings(
        resolve(__dirname, '__fixtures__', 'opsgenie'),
      ),
    });
  });
  afterAll(() => server.close());

  const config = () => ({
    baseUrl: server.origin,
    apiKey: 'fixture-api-key',
    webUrl: 'https://acme.app.opsgenie.com',
    tagServices: { payments: 'checkout-service' },
    pageSize: 2,
  });

  it('follows paging.next and maps alerts to services by service tag or configured tag', async () => {
    server.requests.length = 0;

    const { publisher } = await runCollectorForTest({
      collector: opsgenieCollector,
      config: config(),
      now,
    });

    expect(server.requests).toHaveLength(2);
    const first = new URL(server.requests[0].slice(4), server.origin);
    expect(first.searchParams.get('query')).toBe('createdAt>=1792749600000');
    expect(
      publisher.readings({
        type: 'service-event',
        resource: 'payment-service',
      }),
    ).toHaveLength(2);
    publisher.expectReading({
      type: 'service-event',
      resource: 'checkout-service',
      value: {
        kind: 'incident',
        status: 'triggered',
        severity: 'MEDIUM',
        title: '#1793 Checkout: payment provider webhook failures',
      },
    });
    // the build agent alert carries no service tag
    expect(publisher.readings({ type: 'service-event' })).toHaveLength(3);
  });

  it('closes an alert at its creation time plus its close time, linked to the alert page', async () => {
    const { publisher } = await runCollectorForTest({
      collector: opsgenieCollector,
      config: config(),
      now,
    });

    const closed = publisher.expectReading({
      type: 'service-event',
      resource: 'payment-service',
      value: {
        status: 'resolved',
        severity: 'HIGH',
        url: 'https://acme.app.opsgenie.com/alert/detail/70413a06-38d6-4c85-92b8-5ebc900d42e2/details',
        incident: {
          key: 'opsgenie:70413a06-38d6-4c85-92b8-5ebc900d42e2',
          durationMinutes: 43,
        },
      },
    });
    expect(closed.collectedAt).toBe('2026-11-20T14:45:11.000Z');
  });
});
