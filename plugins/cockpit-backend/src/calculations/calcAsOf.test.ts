import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import {
  day,
  I1,
  I2,
  I9,
  LIB_1,
  LIB_2,
  seedHistoryFixture,
} from '../__testUtils__/historyFixture';
import { KnexCockpitStore } from '../database/KnexCockpitStore';
import { supportsPreparedStatements } from '../database/prepared';
import { dependencyUsageCalculation } from './dependencyUsage';
import { deploymentVulnerabilitiesCalculation } from './deploymentVulnerabilities';
import { fleetVulnerabilitiesCalculation } from './fleetVulnerabilities';
import { serviceEventsCalculation } from './serviceEvents';
import { serviceOverviewCalculation } from './serviceOverview';

jest.setTimeout(60_000);

const counts = (partial: Record<string, number> = {}) => ({
  CRITICAL: 0,
  HIGH: 0,
  MEDIUM: 0,
  LOW: 0,
  UNKNOWN: 0,
  ...partial,
});

/** Each shipped calculation run on a store bound to a moment, against the fixture's history. */
describe.each(testDatabaseEngines())(
  'calculations as of a moment on $name',
  engine => {
    let database: CockpitDatabase;
    let store: KnexCockpitStore;
    const context = (asOf?: Date) => {
      const bound = asOf ? store.asOf(asOf) : store;
      return { store: bound, unsafeKnex: () => store.unsafeKnex() };
    };

    beforeAll(async () => {
      database = await engine.open();
      await seedHistoryFixture(database.knex);
      // as the plugin makes it: prepared reads on a server
      store = KnexCockpitStore.create({
        knex: database.knex,
        preparedStatements: await supportsPreparedStatements(
          database.knex,
          undefined,
        ),
      });
    });

    afterAll(() => database?.close());

    it('service-overview', async () => {
      const overview = (asOf?: Date) =>
        serviceOverviewCalculation.run({
          ...context(asOf),
          params: { service: 'pay' },
        });
      const early = await overview(day(2, 12));
      expect(early.ownership).toEqual({ team: 'a' });
      expect(
        early.deployments.map(d => [
          d.environment,
          d.version,
          d.dependencyCount,
        ]),
      ).toEqual([
        ['production', '1.0.0', 1],
        ['staging', null, 0],
      ]);
      expect(early.vulnerabilities).toEqual(counts({ HIGH: 1 }));
      expect(early.instances.map(i => [i.name, i.health])).toEqual([
        [I1.name, 'UP'],
      ]);
      expect(early.instances[0]?.lastSeenOn).toBe(day(2, 12).toISOString());
      const incident = await overview(day(3, 12));
      expect(incident.health).toMatchObject({ DOWN: 1, total: 1 });
      const later = await overview(day(8, 12));
      expect(later.ownership).toEqual({ team: 'b' });
      expect(later.deployments[0]?.version).toBe('1.1.0');
      expect(later.vulnerabilities).toEqual(counts({ CRITICAL: 1 }));
      const now = await overview();
      expect(now.deployments[0]?.version).toBe('1.2.0');
      expect(now.instances.map(i => i.name)).toEqual([I1.name, I2.name]);
    });

    it('service-events: the changes of the window as events of kind change', async () => {
      const events = (
        asOf?: Date,
        params: { from?: string; to?: string } = {},
      ) =>
        serviceEventsCalculation.run({
          ...context(asOf),
          params: { service: 'pay', limit: 1000, ...params },
        });
      const early = await events(day(2, 12));
      expect(early.to).toBe(day(2, 12).toISOString());
      expect(early.countsByKind).toEqual({ change: 5 });
      // newest first: the advisory of day 2, then the four first versions of day 1
      expect(early.items[0]?.title).toBe(
        `vulnerabilities new ADV-1 (HIGH) on ${LIB_1}, carried by pay/production`,
      );
      expect(
        early.items
          .slice(1)
          .map(e => e.title)
          .sort(),
      ).toEqual([
        'deployment-dependencies.dependencies +1 -0 on pay/production',
        'deployment-info.version 1.0.0 (first) on pay/production',
        'health.status UP (first) on pay/production/i-1',
        'ownership.team a (first) on pay',
      ]);
      expect(early.items[0]).toMatchObject({
        kind: 'change',
        severity: 'HIGH',
        at: day(2).toISOString(),
        resourceType: 'SoftwareDependencyVersion',
        subject: { type: 'ServiceDeployment', name: 'pay/production' },
      });
      const window = await events(day(8, 12), {
        from: day(4, 12).toISOString(),
      });
      const titled = window.items.map(e => `${e.at.slice(8, 10)} ${e.title}`);
      expect(titled[0]).toBe(
        `09 vulnerabilities new ADV-2 (CRITICAL) on ${LIB_2}, carried by pay/production`,
      );
      expect(titled[1]).toBe(
        '08 deployment-dependencies.dependencies +1 -1 on pay/production',
      );
      // two changes on day 6, in the feed's order
      expect(titled.slice(2, 4).sort()).toEqual([
        `07 ServiceInstance ${I9.name} deleted`,
        '07 ownership.team a -> b on pay',
      ]);
      expect(titled.slice(4)).toEqual([
        '06 deployment-info.version 1.0.0 -> 1.1.0 on pay/production',
      ]);
      // now, over the fixture's days: 12 changes of the subtree and 2 advisories
      const all = await events(undefined, {
        from: day(0).toISOString(),
        to: day(13).toISOString(),
      });
      expect(all.countsByKind.change).toBe(14);
      // lib 1.0, dropped on day 7, is not linked at the window's end: its day-2 advisory is
      // found through the dependency change that names it
      expect(
        all.items
          .filter(e => e.resourceType === 'SoftwareDependencyVersion')
          .map(e => e.title),
      ).toEqual([
        `vulnerabilities new ADV-2 (CRITICAL) on ${LIB_2}, carried by pay/production`,
        `vulnerabilities new ADV-1 (HIGH) on ${LIB_1}, carried by pay/production`,
      ]);
      expect(all.items[0]?.title).toBe(
        'health.status UP (first) on pay/production/i-2',
      );
      const limited = await serviceEventsCalculation.run({
        ...context(),
        params: {
          service: 'pay',
          limit: 2,
          from: day(0).toISOString(),
          to: day(13).toISOString(),
        },
      });
      expect(limited.items).toHaveLength(2);
      expect(limited.truncated).toBe(true);
    });

    it('deployment-vulnerabilities', async () => {
      const run = (asOf?: Date) =>
        deploymentVulnerabilitiesCalculation.run({
          ...context(asOf),
          params: { deployment: 'pay/production' },
        });
      expect((await run(day(1, 12))).items).toEqual([]);
      const second = await run(day(2, 12));
      expect(second.items.map(i => [i.name, i.highestSeverity])).toEqual([
        [LIB_1, 'HIGH'],
      ]);
      expect((await run(day(7, 12))).items).toEqual([]);
      expect((await run(day(8, 12))).items.map(i => i.name)).toEqual([LIB_2]);
      await expect(run(day(0, 0))).resolves.toMatchObject({
        dependencyCount: 0,
      });
    });

    it('dependency-usage', async () => {
      const run = (asOf?: Date) =>
        dependencyUsageCalculation.run({
          ...context(asOf),
          params: dependencyUsageCalculation.params.parse({
            package: 'pkg:maven/acme/lib',
          }),
        });
      expect(
        (await run(day(3))).items.map(i => [
          i.deployment,
          i.version,
          i.vulnerabilities,
        ]),
      ).toEqual([['pay/production', '1.0', counts({ HIGH: 1 })]]);
      expect(
        (await run(day(8, 12))).items.map(i => [i.version, i.vulnerabilities]),
      ).toEqual([['2.0', counts({ CRITICAL: 1 })]]);
      expect((await run(day(0))).items).toEqual([]);
    });

    it('fleet-vulnerabilities', async () => {
      const run = (asOf?: Date) =>
        fleetVulnerabilitiesCalculation.run({
          ...context(asOf),
          params: { limit: 20 },
        });
      const second = await run(day(2, 12));
      expect(second.counts).toEqual(counts({ HIGH: 1 }));
      expect(second.services.map(s => s.service)).toEqual(['pay']);
      expect((await run(day(7, 12))).counts).toEqual(counts());
      expect(
        (await run(day(8, 12))).packages.map(p => [p.package, p.versions]),
      ).toEqual([['pkg:maven/acme/lib', ['2.0']]]);
      expect((await run()).counts).toEqual(counts({ CRITICAL: 1 }));
    });
  },
);
