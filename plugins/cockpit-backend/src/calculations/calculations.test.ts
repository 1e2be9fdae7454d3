import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { Seeder } from '../__testUtils__/seed';
import { KnexCockpitStore } from '../database/KnexCockpitStore';
import { supportsPreparedStatements } from '../database/prepared';
import { dependencyUsageCalculation } from './dependencyUsage';
import { deploymentVulnerabilitiesCalculation } from './deploymentVulnerabilities';
import { fleetVulnerabilitiesCalculation } from './fleetVulnerabilities';
import { serviceEventsCalculation } from './serviceEvents';
import { serviceOverviewCalculation } from './serviceOverview';

jest.setTimeout(60_000);

const LOG4J = 'pkg:maven/org.apache.logging.log4j/log4j-core';
const counts = (partial: Record<string, number>) => ({
  CRITICAL: 0,
  HIGH: 0,
  MEDIUM: 0,
  LOW: 0,
  UNKNOWN: 0,
  ...partial,
});

async function seedFleet(seed: Seeder) {
  await seed.service({
    service: 'payment-service',
    environments: ['prod', 'qa'],
    instances: 2,
  });
  await seed.service({
    service: 'orders-service',
    environments: ['prod'],
    instances: 1,
  });
  const service = { type: 'Service', name: 'payment-service' };
  const prod = { type: 'ServiceDeployment', name: 'payment-service/prod' };
  const qa = { type: 'ServiceDeployment', name: 'payment-service/qa' };
  const instance = (env: string, i: number) => ({
    type: 'ServiceInstance',
    name: `payment-service/${env}/i-${i}`,
  });
  await seed.reading({
    resource: service,
    type: 'ownership',
    value: { team: 'payments', contacts: ['a@x'] },
  });
  await seed.reading({
    resource: service,
    type: 'tech-stack',
    value: { language: 'java', framework: 'spring-boot' },
  });
  await seed.reading({
    resource: prod,
    type: 'deployment-info',
    value: {
      version: '1.2.3',
      deployedAt: '2026-11-20T08:00:00.000Z',
      region: 'eu-west-1',
    },
  });
  await seed.reading({
    resource: prod,
    type: 'jvm-runtime',
    value: { javaVersion: '21.0.2', vendor: 'Temurin', jvmArgs: ['-Xmx1g'] },
  });
  await seed.reading({
    resource: prod,
    type: 'egress-dependencies',
    value: { upstreams: ['orders-service', 'ghost-service'] },
  });
  await seed.reading({
    resource: qa,
    type: 'egress-dependencies',
    value: { upstreams: ['orders-service'] },
  });
  await seed.reading({
    resource: instance('prod', 0),
    type: 'health',
    value: { status: 'UP' },
  });
  await seed.reading({
    resource: instance('prod', 1),
    type: 'health',
    value: { status: 'DOWN' },
  });
  await seed.reading({
    resource: instance('qa', 0),
    type: 'health',
    value: { status: 'DEGRADED' },
  });
  await seed.reading({
    resource: instance('prod', 0),
    type: 'instance-info',
    value: {
      ip: '10.0.0.1',
      host: 'ip-10-0-0-1',
      startedAt: '2026-11-21T00:00:00.000Z',
    },
  });

  const log4jOld = await seed.dependencyVersion(`${LOG4J}@2.14.1`, [
    { id: 'CVE-2021-45105', severity: 'LOW', fixedIn: ['2.17.0'] },
    {
      id: 'CVE-2021-44228',
      severity: 'CRITICAL',
      summary: 'Log4Shell',
      fixedIn: ['2.15.0'],
    },
  ]);
  const log4jNew = await seed.dependencyVersion(`${LOG4J}@2.17.1`);
  const express = await seed.dependencyVersion('pkg:npm/express@4.18.2');
  const lodash = await seed.dependencyVersion('pkg:npm/lodash@4.17.20', [
    { id: 'CVE-2021-23337', severity: 'HIGH' },
  ]);
  await seed.reading({
    resource: prod,
    type: 'deployment-dependencies',
    value: { dependencies: [log4jOld, express, lodash] },
  });
  await seed.reading({
    resource: qa,
    type: 'deployment-dependencies',
    value: { dependencies: [log4jNew, express] },
  });
  await seed.reading({
    resource: { type: 'ServiceDeployment', name: 'orders-service/prod' },
    type: 'deployment-dependencies',
    value: { dependencies: [log4jOld] },
  });

  const at = (iso: string) => new Date(iso);
  const event = (
    resource: { type: string; name: string },
    collectedAt: string,
    kind: string,
    title: string,
  ) =>
    seed.reading({
      resource,
      type: 'service-event',
      storageMode: 'TIME_SERIES',
      collectedAt: at(collectedAt),
      value: { kind, title },
    });
  await event(
    service,
    '2026-11-20T08:00:00.000Z',
    'deployment',
    'deployed 1.2.3',
  );
  await event(
    instance('prod', 1),
    '2026-11-21T09:00:00.000Z',
    'instance-stopped',
    'i-1 stopped',
  );
  await event(service, '2026-11-22T10:00:00.000Z', 'incident', 'latency');
  await event(service, '2026-09-01T00:00:00.000Z', 'deployment', 'too old');
  await event(
    { type: 'Service', name: 'orders-service' },
    '2026-11-21T00:00:00.000Z',
    'deployment',
    'other service',
  );
}

describe.each(testDatabaseEngines())(
  'shipped calculations on $name',
  engine => {
    let database: CockpitDatabase;
    // as the plugin makes it: prepared reads on a server
    let preparedStatements: boolean;

    beforeAll(async () => {
      database = await engine.open();
      await seedFleet(new Seeder(database.knex));
      preparedStatements = await supportsPreparedStatements(
        database.knex,
        undefined,
      );
    });

    afterAll(async () => {
      await database?.close();
    });

    const run = <P, R>(
      calculation: { params: any; run: (o: any) => Promise<R> },
      params: P,
    ) =>
      calculation.run({
        store: KnexCockpitStore.create({
          knex: database.knex,
          preparedStatements,
        }),
        unsafeKnex: () => database.knex,
        params: calculation.params.parse(params),
      });

    it('service-overview gives owner, stack, each deployment, health and vulnerability counts, upstreams and instances', async () => {
      const overview = await run(serviceOverviewCalculation, {
        service: 'payment-service',
      });
      expect(overview.ownership).toEqual({
        team: 'payments',
        contacts: ['a@x'],
      });
      expect(overview.techStack).toEqual({
        language: 'java',
        framework: 'spring-boot',
      });
      expect(overview.deployments.map(d => d.environment)).toEqual([
        'prod',
        'qa',
      ]);
      const [prod, qa] = overview.deployments;
      expect(prod).toMatchObject({
        name: 'payment-service/prod',
        version: '1.2.3',
        deployedAt: '2026-11-20T08:00:00.000Z',
        region: 'eu-west-1',
        jvmRuntime: {
          javaVersion: '21.0.2',
          vendor: 'Temurin',
          jvmArgs: ['-Xmx1g'],
        },
        egressUpstreams: ['ghost-service', 'orders-service'],
        health: { UP: 1, DOWN: 1, DEGRADED: 0, UNKNOWN: 0, total: 2 },
        vulnerabilities: counts({ CRITICAL: 1, HIGH: 1, LOW: 1 }),
        dependencyCount: 3,
      });
      expect(qa).toMatchObject({
        version: null,
        health: { UP: 0, DOWN: 0, DEGRADED: 1, UNKNOWN: 1, total: 2 },
        vulnerabilities: counts({}),
        dependencyCount: 2,
      });
      expect(overview.health).toEqual({
        UP: 1,
        DOWN: 1,
        DEGRADED: 1,
        UNKNOWN: 1,
        total: 4,
      });
      expect(overview.vulnerabilities).toEqual(
        counts({ CRITICAL: 1, HIGH: 1, LOW: 1 }),
      );
      expect(overview.egressUpstreams).toEqual([
        { service: 'ghost-service', environments: ['prod'], known: false },
        {
          service: 'orders-service',
          environments: ['prod', 'qa'],
          known: true,
        },
      ]);
      expect(
        overview.instances.map(i => [i.instanceId, i.environment, i.health]),
      ).toEqual([
        ['i-0', 'prod', 'UP'],
        ['i-1', 'prod', 'DOWN'],
        ['i-0', 'qa', 'DEGRADED'],
        ['i-1', 'qa', 'UNKNOWN'],
      ]);
      expect(overview.instances[0]).toMatchObject({
        ip: '10.0.0.1',
        host: 'ip-10-0-0-1',
        startedAt: '2026-11-21T00:00:00.000Z',
        jvmRuntime: { javaVersion: '21.0.2' },
      });
      expect(overview.instances[2].jvmRuntime).toBeNull();
    });

    it('service-overview refuses an unknown service with NotFoundError', async () => {
      await expect(
        run(serviceOverviewCalculation, { service: 'ghost-service' }),
      ).rejects.toMatchObject({
        name: 'NotFoundError',
      });
    });

    it("service-events returns the service's and its descendants' events in range, newest first", async () => {
      const result = await run(serviceEventsCalculation, {
        service: 'payment-service',
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-11-23T00:00:00.000Z',
      });
      expect(result.items.map(e => [e.at, e.kind, e.resourceType])).toEqual([
        ['2026-11-22T10:00:00.000Z', 'incident', 'Service'],
        ['2026-11-21T09:00:00.000Z', 'instance-stopped', 'ServiceInstance'],
        ['2026-11-20T08:00:00.000Z', 'deployment', 'Service'],
      ]);
      expect(result.countsByKind).toEqual({
        incident: 1,
        'instance-stopped': 1,
        deployment: 1,
      });
      expect(result.truncated).toBe(false);
    });

    it('service-events says when the limit truncated the range', async () => {
      const result = await run(serviceEventsCalculation, {
        service: 'payment-service',
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-11-23T00:00:00.000Z',
        limit: '2',
      });
      expect(result.items.map(e => e.title)).toEqual([
        'latency',
        'i-1 stopped',
      ]);
      expect(result.truncated).toBe(true);
      expect(result.countsByKind.deployment).toBe(2);
    });

    it('deployment-vulnerabilities follows the dependencies to their advisories, highest severity first', async () => {
      const result = await run(deploymentVulnerabilitiesCalculation, {
        deployment: 'payment-service/prod',
      });
      expect(result.deployment).toMatchObject({
        service: 'payment-service',
        environment: 'prod',
      });
      expect(result.dependencyCount).toBe(3);
      expect(result.counts).toEqual(counts({ CRITICAL: 1, HIGH: 1, LOW: 1 }));
      expect(
        result.items.map(i => [i.package, i.version, i.highestSeverity]),
      ).toEqual([
        [LOG4J, '2.14.1', 'CRITICAL'],
        ['pkg:npm/lodash', '4.17.20', 'HIGH'],
      ]);
      expect(result.items[0].advisories).toEqual([
        {
          id: 'CVE-2021-44228',
          severity: 'CRITICAL',
          summary: 'Log4Shell',
          fixedIn: ['2.15.0'],
        },
        {
          id: 'CVE-2021-45105',
          severity: 'LOW',
          summary: 'CVE-2021-45105 summary',
          fixedIn: ['2.17.0'],
        },
      ]);
    });

    it('deployment-vulnerabilities is empty for a deployment without vulnerable dependencies', async () => {
      const result = await run(deploymentVulnerabilitiesCalculation, {
        deployment: 'payment-service/qa',
      });
      expect(result.items).toEqual([]);
      expect(result.counts).toEqual(counts({}));
    });

    it('dependency-usage finds every deployment of a package, with service, environment and version', async () => {
      const result = await run(dependencyUsageCalculation, { package: LOG4J });
      expect(
        result.items.map(i => [i.service, i.environment, i.version]),
      ).toEqual([
        ['orders-service', 'prod', '2.14.1'],
        ['payment-service', 'prod', '2.14.1'],
        ['payment-service', 'qa', '2.17.1'],
      ]);
      expect(result.items[0].vulnerabilities).toEqual(
        counts({ CRITICAL: 1, LOW: 1 }),
      );
      expect(result.versions).toEqual([
        { version: '2.14.1', deployments: 2 },
        { version: '2.17.1', deployments: 1 },
      ]);
      expect(result.serviceCount).toBe(2);
    });

    it('dependency-usage narrows to one version', async () => {
      const result = await run(dependencyUsageCalculation, {
        package: LOG4J,
        version: '2.17.1',
      });
      expect(result.items.map(i => i.deployment)).toEqual([
        'payment-service/qa',
      ]);
    });

    it('dependency-usage refuses a package URL with a version, naming the parameter', () => {
      const parsed = dependencyUsageCalculation.params.safeParse({
        package: `${LOG4J}@2.14.1`,
      });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0].path).toEqual(['package']);
    });

    it('fleet-vulnerabilities counts the fleet and ranks services and packages', async () => {
      const result = await run(fleetVulnerabilitiesCalculation, {});
      expect(result.counts).toEqual(counts({ CRITICAL: 2, HIGH: 1, LOW: 2 }));
      expect(result.advisories).toEqual(
        counts({ CRITICAL: 1, HIGH: 1, LOW: 1 }),
      );
      expect(result.affectedServices).toBe(2);
      expect(result.affectedDeployments).toBe(2);
      expect(
        result.services.map(s => [s.service, s.total, s.highestSeverity]),
      ).toEqual([
        ['payment-service', 3, 'CRITICAL'],
        ['orders-service', 2, 'CRITICAL'],
      ]);
      expect(result.packages[0]).toEqual({
        package: LOG4J,
        origin: { kind: 'library' },
        versions: ['2.14.1'],
        deployments: 2,
        services: 2,
        highestSeverity: 'CRITICAL',
        advisories: ['CVE-2021-44228', 'CVE-2021-45105'],
      });
      expect(result.packages.map(p => p.package)).toEqual([
        LOG4J,
        'pkg:npm/lodash',
      ]);
    });
  },
);
