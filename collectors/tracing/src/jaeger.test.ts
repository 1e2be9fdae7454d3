import { resolve } from 'node:path';
import {
  loadRecordings,
  ReplayServer,
  runCollectorForTest,
  startReplayServer,
} from '@cockpit/collector-sdk';
import { jaegerCollector } from './jaeger';

describe('jaegerCollector', () => {
  let server: ReplayServer;
  const now = () => new Date('2026-11-22T10:00:00Z');

  beforeAll(async () => {
    server = await startReplayServer({
      exchanges: await loadRecordings(
        resolve(__dirname, '__fixtures__/jaeger'),
      ),
    });
  });
  afterAll(() => server.close());

  const config = () => ({
    baseUrl: server.origin,
    environment: 'staging',
    services: { frontend: 'web-frontend' },
    ignore: ['synthetic-probe'],
  });

  it('asks for the dependency links of the last day ending now', async () => {
    server.requests.length = 0;

    await runCollectorForTest({
      collector: jaegerCollector,
      config: config(),
      now,
    });

    expect(server.requests).toEqual([
      `GET /api/dependencies?endTs=${Date.parse(
        '2026-11-22T10:00:00Z',
      )}&lookback=86400000`,
    ]);
  });

  it('publishes the upstreams of each calling service in the environment, mapped and without self-calls', async () => {
    const { publisher } = await runCollectorForTest({
      collector: jaegerCollector,
      config: config(),
      now,
    });

    expect(
      publisher.reading('egress-dependencies', 'web-frontend/staging')?.value,
    ).toMatchObject({
      upstreams: ['checkout-service', 'payment-service'],
      calls: { 'checkout-service': 30190, 'payment-service': 12011 },
      source: 'jaeger',
    });
    expect(
      publisher.reading('egress-dependencies', 'checkout-service/staging')
        ?.value,
    ).toMatchObject({
      upstreams: ['inventory-service', 'payment-service'],
    });
    // payment-service only calls itself; the ignored probe calls nobody we keep
    expect(
      publisher
        .resources('ServiceDeployment')
        .map(r => r.name)
        .sort(),
    ).toEqual([
      'checkout-service/staging',
      'inventory-service/staging',
      'web-frontend/staging',
    ]);
  });

  it('fails naming Jaeger when it cannot answer', async () => {
    await expect(
      runCollectorForTest({
        collector: jaegerCollector,
        config: { ...config(), lookbackMinutes: 60 },
        now,
      }),
    ).rejects.toThrow(
      /GET http:\/\/127\.0\.0\.1:\d+\/api\/dependencies answered 599: no recording matches/,
    );
  });
});
