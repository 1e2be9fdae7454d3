import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  createMemoryStateStore,
  runCollectorForTest,
} from '@cockpit/collector-sdk';
import { HealthCollectorState } from './events';
import { healthCollector } from './health';

type Route = { status: number; body?: unknown };

/** One local server playing several instances, each under its own path prefix. */
describe('healthCollector', () => {
  let server: Server;
  let base: string;
  const routes = new Map<string, Route>();

  beforeAll(async () => {
    server = createServer((request, response) => {
      const route = routes.get(request.url!);
      if (!route) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(route.status, { 'content-type': 'application/json' });
      response.end(route.body === undefined ? '' : JSON.stringify(route.body));
    });
    await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise(done => server.close(done)));

  const startTime = Date.parse('2026-11-22T09:00:00Z') / 1000;
  function springInstance(
    prefix: string,
    status: string,
    components: Record<string, string> = { db: 'UP' },
  ) {
    routes.set(`${prefix}/actuator/health`, {
      status: status === 'DOWN' ? 503 : 200,
      body: {
        status,
        components: Object.fromEntries(
          Object.entries(components).map(([k, v]) => [k, { status: v }]),
        ),
      },
    });
    routes.set(`${prefix}/actuator/info`, {
      status: 200,
      body: {
        build: { version: '1.42.3', artifact: 'payment-service' },
        git: {
          branch: 'main',
          commit: { id: 'a1b2c3d', time: '2026-11-20T08:00:00Z' },
        },
        java: {
          version: '17.0.9',
          vendor: { name: 'Eclipse Adoptium' },
          runtime: { name: 'OpenJDK Runtime Environment' },
        },
      },
    });
    routes.set(`${prefix}/actuator/metrics/process.start.time`, {
      status: 200,
      body: {
        name: 'process.start.time',
        baseUnit: 'seconds',
        measurements: [{ statistic: 'VALUE', value: startTime }],
      },
    });
  }

  const target = (instanceId: string, url: string) => ({
    service: 'payment-service',
    environment: 'production',
    instanceId,
    url,
  });
  const events = (
    publisher: Awaited<ReturnType<typeof runCollectorForTest>>['publisher'],
  ) =>
    publisher
      .readings({ type: 'service-event' })
      .map(r => [(r.value as any).kind, (r.value as any).resource.name]);

  it('reads actuator health, info and start time, and plain /health with uptime', async () => {
    routes.clear();
    springInstance('/a', 'UP');
    routes.set('/b/health', {
      status: 200,
      body: { status: 'ok', uptime: 120, version: '3.4.1' },
    });

    const { publisher } = await runCollectorForTest({
      collector: healthCollector,
      now: () => new Date('2026-11-22T10:00:00Z'),
      config: {
        targets: [
          target('i-a', `${base}/a`),
          { ...target('i-b', `${base}/b`), service: 'catalog-service' },
        ],
      },
    });

    publisher.expectResource({
      type: 'ServiceInstance',
      name: 'payment-service/production/i-a',
      parent: { type: 'ServiceDeployment', name: 'payment-service/production' },
    });
    publisher.expectReading({
      type: 'health',
      resource: 'payment-service/production/i-a',
      value: { status: 'UP', checkedVia: 'actuator', components: { db: 'UP' } },
    });
    publisher.expectReading({
      type: 'instance-info',
      resource: 'payment-service/production/i-a',
      value: {
        ip: '127.0.0.1',
        startedAt: '2026-11-22T09:00:00.000Z',
        version: '1.42.3',
        commit: 'a1b2c3d',
      },
    });
    publisher.expectReading({
      type: 'jvm-runtime',
      resource: 'payment-service/production',
      value: { javaVersion: '17.0.9', vendor: 'Eclipse Adoptium' },
    });
    publisher.expectReading({
      type: 'health',
      resource: 'catalog-service/production/i-b',
      value: { status: 'UP', checkedVia: 'plain' },
    });
    publisher.expectReading({
      type: 'instance-info',
      resource: 'catalog-service/production/i-b',
      value: { startedAt: '2026-11-22T09:58:00.000Z', version: '3.4.1' },
    });
    expect(events(publisher)).toEqual([
      ['instance-started', 'payment-service/production/i-a'],
      ['instance-started', 'catalog-service/production/i-b'],
    ]);
  });

  it('reports a component down behind an overall UP as DEGRADED', async () => {
    routes.clear();
    springInstance('/a', 'UP', { db: 'UP', redis: 'DOWN' });

    const { publisher } = await runCollectorForTest({
      collector: healthCollector,
      config: { targets: [target('i-a', `${base}/a`)] },
    });

    publisher.expectReading({
      type: 'health',
      resource: 'payment-service/production/i-a',
      value: { status: 'DEGRADED' },
    });
  });

  it('emits events for a health change, a restart, an instance that stops answering and one that left', async () => {
    routes.clear();
    springInstance('/a', 'UP');
    springInstance('/b', 'UP');
    springInstance('/c', 'UP');
    springInstance('/d', 'UP');
    const state = createMemoryStateStore();
    const all = [
      target('i-a', `${base}/a`),
      target('i-b', `${base}/b`),
      target('i-c', `${base}/c`),
      target('i-d', `${base}/d`),
    ];
    await runCollectorForTest({
      collector: healthCollector,
      state,
      now: () => new Date('2026-11-22T10:00:00Z'),
      config: { targets: all },
    });

    springInstance('/a', 'DOWN');
    routes.set('/b/actuator/metrics/process.start.time', {
      status: 200,
      body: { measurements: [{ statistic: 'VALUE', value: startTime + 1800 }] },
    });
    const closed = createServer();
    await new Promise<void>(done => closed.listen(0, '127.0.0.1', done));
    const deadUrl = `http://127.0.0.1:${
      (closed.address() as AddressInfo).port
    }`;
    await new Promise(done => closed.close(done));
    const { publisher } = await runCollectorForTest({
      collector: healthCollector,
      state,
      now: () => new Date('2026-11-22T10:01:00Z'),
      config: { targets: [all[0], all[1], target('i-c', deadUrl)] },
    });

    expect(events(publisher)).toEqual([
      ['health-changed', 'payment-service/production/i-a'],
      ['instance-started', 'payment-service/production/i-b'],
      ['instance-stopped', 'payment-service/production/i-c'],
      ['instance-stopped', 'payment-service/production/i-d'],
    ]);
    publisher.expectReading({
      type: 'service-event',
      resource: 'payment-service',
      value: {
        kind: 'health-changed',
        title: 'i-a in production went from UP to DOWN',
        severity: 'HIGH',
      },
    });
    publisher.expectReading({
      type: 'health',
      resource: 'payment-service/production/i-c',
      value: { status: 'DOWN', error: 'ECONNREFUSED' },
    });
    const times = publisher
      .readings({ type: 'service-event' })
      .map(r => r.collectedAt);
    expect(new Set(times).size).toBe(times.length);
    expect(
      Object.keys(
        ((await state.load()) as HealthCollectorState).instances,
      ).sort(),
    ).toEqual([
      'payment-service/production/i-a',
      'payment-service/production/i-b',
      'payment-service/production/i-c',
    ]);
  });

  it('falls back to plain /health when the actuator is absent, and stays quiet when nothing changed', async () => {
    routes.clear();
    routes.set('/p/health', { status: 200, body: 'OK' });
    const state = createMemoryStateStore();
    const config = { targets: [target('i-p', `${base}/p`)] };
    await runCollectorForTest({ collector: healthCollector, state, config });

    const { publisher } = await runCollectorForTest({
      collector: healthCollector,
      state,
      config,
    });

    publisher.expectReading({
      type: 'health',
      resource: 'payment-service/production/i-p',
      value: { status: 'UP', checkedVia: 'plain', httpStatus: 200 },
    });
    expect(events(publisher)).toEqual([]);
  });
});
