import {
  PublishMessage,
  READING_TYPES,
  ReadingMessage,
  readingValueSchemas,
  validatePublishMessage,
  WellKnownReadingType,
} from '@cockpit/plugin-cockpit-common';
import { runCollectorForTest } from '@cockpit/collector-sdk';
import { demoFleetCollector } from './collector';
import {
  BENCHMARK_FLEET_OPTIONS,
  DEFAULT_SERVICE_NAMES,
  generateFleetChunks,
  generateFleetMessages,
  planFleet,
} from './fleet';

const now = '2026-11-22T10:00:00.000Z';

function parsedFleet(options = {}): PublishMessage[] {
  return [...generateFleetMessages({ now, ...options })].map((input, i) => {
    const result = validatePublishMessage(input, `messages.${i}`);
    if (!result.ok) throw new Error(result.reason);
    return result.message;
  });
}

const readingsOf = (messages: PublishMessage[], type: string) =>
  messages.filter(
    (m): m is ReadingMessage => m.kind === 'reading' && m.type === type,
  );

describe('the default demo fleet', () => {
  const messages = parsedFleet();
  /** A deployment's current `deployment-info` (the one collected now). */
  const currentInfo = (deployment: string) =>
    readingsOf(messages, 'deployment-info').find(
      r => r.resource.name === deployment && r.collectedAt === now,
    )!;

  it('has the three demo services in two environments with two or three instances each', () => {
    const services = messages.filter(
      m => m.kind === 'resource' && m.type === 'Service',
    );
    const deployments = messages.filter(
      m => m.kind === 'resource' && m.type === 'ServiceDeployment',
    );
    const instances = messages.filter(
      m => m.kind === 'resource' && m.type === 'ServiceInstance',
    );

    expect(services.map(m => (m as any).name)).toEqual([
      ...DEFAULT_SERVICE_NAMES,
    ]);
    expect(deployments.map(m => (m as any).name).sort()).toEqual(
      DEFAULT_SERVICE_NAMES.flatMap(s => [
        `${s}/production`,
        `${s}/staging`,
      ]).sort(),
    );
    for (const deployment of deployments) {
      const count = instances.filter(
        i => (i as any).parent.name === (deployment as any).name,
      ).length;
      expect(count).toBeGreaterThanOrEqual(2);
      expect(count).toBeLessThanOrEqual(3);
    }
  });

  it('carries every well-known reading type, each value valid for its type, on the right resource', () => {
    // collector-run records come from the SDK's runner
    const notFromTheFleet = ['collector-run'];
    const types = (Object.keys(READING_TYPES) as WellKnownReadingType[]).filter(
      t => !notFromTheFleet.includes(t),
    );
    for (const type of types) {
      const readings = readingsOf(messages, type);
      expect({ type, count: readings.length }).toEqual({
        type,
        count: expect.any(Number),
      });
      expect(readings.length).toBeGreaterThan(0);
      for (const reading of readings) {
        expect(readingValueSchemas[type].safeParse(reading.value).success).toBe(
          true,
        );
        expect(READING_TYPES[type].resourceTypes).toContain(
          reading.resource.type,
        );
        expect(reading.storageMode).toBe(READING_TYPES[type].storageMode);
      }
    }
  });

  it('runs log4j-core 2.14.1, vulnerable to Log4Shell, in payment-service production', () => {
    const log4j = 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1';
    const dependencies = readingsOf(messages, 'deployment-dependencies').find(
      r => r.resource.name === 'payment-service/production',
    )!.value as { dependencies: string[] };
    const vulnerabilities = readingsOf(messages, 'vulnerabilities').find(
      r => r.resource.name === log4j,
    )!.value as { items: { id: string; severity: string }[] };

    expect(dependencies.dependencies).toContain(log4j);
    expect(vulnerabilities.items).toContainEqual(
      expect.objectContaining({ id: 'CVE-2021-44228', severity: 'CRITICAL' }),
    );
  });

  it('runs images with OS package vulnerabilities: older in production, a shared sidecar in checkout-service', () => {
    const links = new Map(
      readingsOf(messages, 'deployment-images').map(r => [
        r.resource.name,
        (r.value as { images: string[] }).images,
      ]),
    );
    const scans = new Map(
      readingsOf(messages, 'image-vulnerabilities').map(r => [
        r.resource.name,
        r.value as { items: { id: string; package: string; class: string }[] },
      ]),
    );
    const declared = new Set(
      messages
        .filter(m => m.kind === 'resource' && m.type === 'ContainerImage')
        .map(m => (m as { name: string }).name),
    );
    for (const images of links.values())
      for (const image of images) {
        expect(declared.has(image)).toBe(true);
        expect(scans.has(image)).toBe(true);
      }
    const production = links.get('payment-service/production')!;
    const info = currentInfo('payment-service/production').value as {
      image: string;
    };
    expect(production).toEqual([info.image]);
    const findings = scans.get(production[0])!.items;
    expect(findings.map(f => [f.package, f.id])).toContainEqual([
      'openssl',
      'CVE-2024-5535',
    ]);
    const staging = scans.get(links.get('payment-service/staging')![0])!.items;
    expect(staging.length).toBeLessThan(findings.length);
    expect(links.get('checkout-service/production')).toContain(
      'docker.io/envoyproxy/envoy:v1.29.1',
    );
    expect(
      scans
        .get(links.get('catalog-service/production')![0])!
        .items.map(f => f.class),
    ).toContain('library');
  });

  it('only links dependency versions and upstream services that the fleet declares', () => {
    const versionNames = new Set(
      messages
        .filter(
          m => m.kind === 'resource' && m.type === 'SoftwareDependencyVersion',
        )
        .map(m => (m as any).name),
    );
    for (const reading of readingsOf(messages, 'deployment-dependencies')) {
      for (const purl of (reading.value as { dependencies: string[] })
        .dependencies) {
        expect(versionNames).toContain(purl);
      }
    }
    for (const reading of readingsOf(messages, 'egress-dependencies')) {
      const { upstreams } = reading.value as { upstreams: string[] };
      expect(upstreams.length).toBeGreaterThan(0);
      for (const upstream of upstreams) {
        expect(DEFAULT_SERVICE_NAMES).toContain(upstream);
        expect(reading.resource.name.startsWith(`${upstream}/`)).toBe(false);
      }
    }
  });

  it('gives each service event its own timestamp, within the history, and dates deployments by their last deployment event', () => {
    const events = readingsOf(messages, 'service-event');
    for (const service of DEFAULT_SERVICE_NAMES) {
      const times = events
        .filter(e => e.resource.name === service)
        .map(e => e.collectedAt!);
      expect(new Set(times).size).toBe(times.length);
      expect(times.length).toBe(120);
      expect(times.every(t => t <= now && t >= '2026-08-24')).toBe(true);
    }
    const info = currentInfo('payment-service/production');
    const lastDeployment = events
      .filter(
        e =>
          (e.value as any).kind === 'deployment' &&
          (e.value as any).resource.name === 'payment-service/production',
      )
      .pop()!;
    expect((info.value as any).deployedAt).toBe(lastDeployment.collectedAt);
    expect((info.value as any).version).toBe(
      (lastDeployment.value as any).version,
    );
  });

  it("publishes the fleet's past: each deployment event's deployment-info at its time, the instances' since they started, the service's since its first deployment", () => {
    const events = readingsOf(messages, 'service-event');
    for (const deployment of [
      'payment-service/production',
      'catalog-service/staging',
    ]) {
      const deployments = events.filter(
        e =>
          (e.value as any).kind === 'deployment' &&
          (e.value as any).resource.name === deployment,
      );
      const infos = readingsOf(messages, 'deployment-info').filter(
        r => r.resource.name === deployment,
      );
      expect(deployments.length).toBeGreaterThan(1);
      expect(infos.map(r => [r.collectedAt, (r.value as any).version])).toEqual(
        [
          ...deployments.map(e => [e.collectedAt, (e.value as any).version]),
          [now, (deployments.at(-1)!.value as any).version],
        ],
      );
      // the last deployment's value is the current one, so the sink keeps one version of it
      expect(infos.at(-1)!.value).toEqual(infos.at(-2)!.value);
    }
    // the instances since they started, their health once a day; the service's ownership from
    // its first deployment
    const instance = 'payment-service/production/';
    const info = readingsOf(messages, 'instance-info').filter(r =>
      r.resource.name.startsWith(instance),
    );
    const started = (info[0]!.value as any).startedAt;
    expect(info[0]!.collectedAt).toBe(started);
    const health = readingsOf(messages, 'health').filter(
      r => r.resource.name === info[0]!.resource.name,
    );
    const days = health.slice(0, -1).map(r => Date.parse(r.collectedAt!));
    expect(days[0]).toBe(Date.parse(started));
    expect(
      days.every((at, i) => i === 0 || at - days[i - 1]! === 86_400_000),
    ).toBe(true);
    expect(days.at(-1)! + 86_400_000).toBeGreaterThanOrEqual(Date.parse(now));
    expect(health.at(-1)!.collectedAt).toBe(now);
    const firstDeployment = events
      .filter(e => (e.value as any).kind === 'deployment')
      .filter(e =>
        (e.value as any).resource.name.startsWith('payment-service/'),
      )
      .map(e => e.collectedAt!)
      .sort()[0];
    expect(
      readingsOf(messages, 'ownership')
        .filter(r => r.resource.name === 'payment-service')
        .map(r => r.collectedAt),
    ).toEqual([firstDeployment, now]);

    const withoutHistory = parsedFleet({ pastReadings: false });
    for (const type of [
      'deployment-info',
      'health',
      'instance-info',
      'ownership',
    ])
      expect(
        readingsOf(withoutHistory, type).every(r => r.collectedAt === now),
      ).toBe(true);
  });

  it('keeps the times and values of past events when the clock moves on, so re-runs add only new points', () => {
    const later = parsedFleet({ now: '2026-11-22T16:00:00.000Z' });
    const key = (r: ReadingMessage) =>
      `${r.resource.name} ${r.collectedAt} ${JSON.stringify(r.value)}`;
    const before = new Set(readingsOf(messages, 'service-event').map(key));
    const after = readingsOf(later, 'service-event').map(key);

    const kept = after.filter(k => before.has(k));
    // 18-hour slots: moving 6 hours on drops at most one slot per service and adds at most one
    expect(kept.length).toBeGreaterThanOrEqual(after.length - 3);
    expect(after.length).toBe(before.size);
  });

  it('is deterministic for a seed and differs for another seed', () => {
    expect(parsedFleet()).toEqual(messages);
    expect(parsedFleet({ seed: 43 })).not.toEqual(messages);
  });
});

describe('a large fleet', () => {
  it('plans the benchmark fleet with 2,000 services and 20,000 dependency versions without generating readings', () => {
    const fleet = planFleet({ ...BENCHMARK_FLEET_OPTIONS, now });

    expect(fleet.services).toHaveLength(2000);
    expect(new Set(fleet.services.map(s => s.name)).size).toBe(2000);
    expect(fleet.versions).toHaveLength(20_000);
    expect(new Set(fleet.versions.map(v => v.purl)).size).toBe(20_000);
  });

  it('streams a mid-size fleet service by service with the expected number of readings', async () => {
    const options = {
      now,
      services: 40,
      environments: ['dev', 'staging', 'production'],
      instancesPerDeployment: 5,
      dependencyVersions: 500,
      dependenciesPerDeployment: 20,
      serviceEventsPerService: 50,
      metricPointsPerInstance: 4,
      pastReadings: false,
    };
    let readings = 0;
    let events = 0;
    let metrics = 0;
    let largestChunk = 0;
    for await (const chunk of generateFleetChunks(options)) {
      largestChunk = Math.max(largestChunk, chunk.messages.length);
      for (const m of chunk.messages) {
        if (m.kind !== 'reading') continue;
        readings += 1;
        if (m.type === 'service-event') events += 1;
        if (m.type === 'instance-metrics') metrics += 1;
      }
    }

    expect(events).toBe(40 * 50);
    expect(metrics).toBe(40 * 3 * 5 * 4);
    // per service: 3 + events + 3 deployments x (5 or 6, images included) + 15 instances x
    // (2 + metrics); plus one per version and the shared sidecar image's scan
    expect(readings).toBeGreaterThanOrEqual(
      500 + 1 + 40 * (3 + 50 + 15 + 15 * 6),
    );
    expect(readings).toBeLessThanOrEqual(500 + 1 + 40 * (3 + 50 + 18 + 15 * 6));
    expect(largestChunk).toBeLessThan(2000);
  });
});

describe('demoFleetCollector', () => {
  it('publishes exactly the generated fleet through the SDK', async () => {
    const { publisher } = await runCollectorForTest({
      collector: demoFleetCollector,
      config: { now, services: 5 },
    });

    // the last batch is the run's own collector-run record
    const record = publisher.batches[publisher.batches.length - 1];
    expect(publisher.messages.slice(0, -record.messages.length)).toEqual(
      parsedFleet({ services: 5 }),
    );
    publisher.expectReading({
      type: 'collector-run',
      resource: 'demo-fleet',
      value: { status: 'OK' },
    });
    publisher.expectReading({
      type: 'ownership',
      resource: 'payment-service',
      value: { team: 'team-payments' },
    });
  });
});
