import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import {
  day,
  I1,
  I2,
  idOf,
  LIB_1,
  LIB_2,
  lib,
  ORDERS,
  PAY,
  PROD,
  seedHistoryFixture,
  STAGING,
} from '../__testUtils__/historyFixture';
import { ingestMessages } from '../__testUtils__/ingest';
import { KnexCockpitStore } from './KnexCockpitStore';

jest.setTimeout(60_000);

const names = (resources: { name: string }[]) =>
  resources.map(r => r.name).sort();

/** Every reader of the store as of a moment, against the fixture's hand-computed answers. */
describe.each(testDatabaseEngines())(
  'reads as of a moment on $name',
  engine => {
    let database: CockpitDatabase;
    let store: KnexCockpitStore;

    beforeAll(async () => {
      database = await engine.open();
      await seedHistoryFixture(database.knex);
      store = KnexCockpitStore.create({ knex: database.knex });
    });

    afterAll(() => database?.close());

    it('knows the resources that existed then: created by then or with a version by then', async () => {
      expect(
        names(await store.getSubtree({ rootId: idOf(PAY), asOf: day(2) })),
      ).toEqual(names([PAY, PROD, STAGING, I1]));
      expect(names(await store.getSubtree({ rootId: idOf(PAY) }))).toEqual(
        names([PAY, PROD, STAGING, I1, I2]),
      );
      expect(
        await store.getResource({ ...ORDERS, asOf: day(2) }),
      ).toBeUndefined();
      expect(
        await store.getResource({ id: idOf(ORDERS), asOf: day(5) }),
      ).toMatchObject({
        name: 'orders',
        lastSeenOn: day(5).toISOString(),
      });
      expect(
        names(
          await store.getResources({
            ids: [idOf(ORDERS), idOf(PAY)],
            asOf: day(3),
          }),
        ),
      ).toEqual(['pay']);
      expect(
        names(
          await store.listChildren({ parentIds: [idOf(PROD)], asOf: day(9) }),
        ),
      ).toEqual([I1.name]);
      const page = await store.listResources({
        type: 'Service',
        limit: 10,
        asOf: day(3),
      });
      expect(names(page.items)).toEqual(['pay']);
      // A version before created_on (a collector publishing a past collectedAt) makes it exist.
      await database
        .knex('resources')
        .where({ id: idOf(I2) })
        .update({ created_on: day(11) });
      expect(
        names(await store.getSubtree({ rootId: idOf(PROD), asOf: day(10, 1) })),
      ).toEqual(names([PROD, I1, I2]));
      await database
        .knex('resources')
        .where({ id: idOf(I2) })
        .update({ created_on: day(10) });
    });

    it('reads the version in force at each moment, its collectedAt when it began', async () => {
      const at = async (asOf: Date) => {
        const { readings } = await store.readCurrent({
          subtreeOf: idOf(PAY),
          types: ['ownership', 'deployment-info', 'health'],
          asOf,
        });
        return readings
          .map(r => ({
            resource: r.resourceId,
            type: r.type,
            value: r.value,
            collectedAt: r.collectedAt.toISOString(),
          }))
          .sort((a, b) =>
            (a.type + a.resource).localeCompare(b.type + b.resource),
          );
      };
      const info = (version: string, n: number) => ({
        version,
        deployedAt: day(n).toISOString(),
      });
      const expected = (rows: [typeof PAY, string, unknown, number][]) =>
        rows
          .map(([ref, type, value, n]) => ({
            resource: idOf(ref),
            type,
            value,
            collectedAt: day(n).toISOString(),
          }))
          .sort((a, b) =>
            (a.type + a.resource).localeCompare(b.type + b.resource),
          );
      expect(await at(day(0, 12))).toEqual([]);
      expect(await at(day(3, 12))).toEqual(
        expected([
          [PAY, 'ownership', { team: 'a' }, 1],
          [PROD, 'deployment-info', info('1.0.0', 1), 1],
          [I1, 'health', { status: 'DOWN' }, 3],
        ]),
      );
      // a version in force from exactly the moment asked
      expect(await at(day(6))).toEqual(
        expected([
          [PAY, 'ownership', { team: 'b' }, 6],
          [PROD, 'deployment-info', info('1.1.0', 5), 5],
          [I1, 'health', { status: 'UP' }, 4],
        ]),
      );
      expect(await at(day(11))).toEqual(
        expected([
          [PAY, 'ownership', { team: 'b' }, 6],
          [PROD, 'deployment-info', info('1.2.0', 9), 9],
          [I1, 'health', { status: 'UP' }, 4],
          [I2, 'health', { status: 'UP' }, 10],
        ]),
      );
      const byIds = await store.readCurrent({
        resourceIds: [idOf(I1), idOf(I2)],
        types: ['health'],
        asOf: day(3, 12),
      });
      expect(byIds.readings.map(r => r.value)).toEqual([{ status: 'DOWN' }]);
      const byType = await store.readCurrent({
        resourceType: 'SoftwareDependencyVersion',
        types: ['vulnerabilities'],
        asOf: day(1, 12),
      });
      expect(byType.readings.map(r => [r.resourceId, r.value])).toEqual([
        [idOf(lib(LIB_2)), { items: [] }],
      ]);
    });

    it('gives the dependency links in force then, by deployment and by version', async () => {
      const byVersion = async (asOf: Date) =>
        (
          await store.readDependencyLinks({
            versionNames: [LIB_1, LIB_2],
            asOf,
          })
        )
          .map(link => `${link.deploymentName} ${link.versionName}`)
          .sort();
      expect(await byVersion(day(0))).toEqual([]);
      expect(await byVersion(day(6))).toEqual([`pay/production ${LIB_1}`]);
      expect(await byVersion(day(7))).toEqual([`pay/production ${LIB_2}`]);
      const byDeployment = await store.readDependencyLinks({
        deploymentIds: [idOf(PROD), idOf(STAGING)],
        asOf: day(3),
      });
      expect(byDeployment).toEqual([
        {
          deploymentId: idOf(PROD),
          deploymentName: PROD.name,
          versionName: LIB_1,
        },
      ]);
    });

    it('lists a resource readings as of then with their provenance', async () => {
      const page = await store.listReadings({
        resourceId: idOf(I1),
        limit: 10,
        asOf: day(3, 12),
      });
      expect(page.items).toEqual([
        expect.objectContaining({
          type: 'health',
          value: { status: 'DOWN' },
          storageMode: 'SNAPSHOT',
          collectedAt: day(3).toISOString(),
          collector: 'test-collector',
          source: 'local',
        }),
      ]);
      const now = await store.listReadings({ resourceId: idOf(I1), limit: 10 });
      expect(now.items).toEqual([
        expect.objectContaining({
          value: { status: 'UP' },
          collectedAt: day(12).toISOString(),
        }),
      ]);
    });

    it('binds every reader to a moment with store.asOf, a call’s own asOf winning', async () => {
      const then = store.asOf(day(2));
      expect(then.now()).toEqual(day(2));
      expect(names(await then.getSubtree({ rootId: idOf(PAY) }))).toEqual(
        names([PAY, PROD, STAGING, I1]),
      );
      const { readings } = await then.readCurrent({
        resourceIds: [idOf(PAY)],
        types: ['ownership'],
      });
      expect(readings.map(r => r.value)).toEqual([{ team: 'a' }]);
      const later = await then.readCurrent({
        resourceIds: [idOf(PAY)],
        types: ['ownership'],
        asOf: day(7),
      });
      expect(later.readings.map(r => r.value)).toEqual([{ team: 'b' }]);
      const changes = await then.listChanges({ since: day(0), limit: 100 });
      expect(
        changes.items
          .map(c => c.at)
          .every(at => Date.parse(at) <= day(2).getTime()),
      ).toBe(true);
      expect(changes.items).toHaveLength(6);
    });

    it('knows a service existed when one of its deployments has a version by then, though the store created it later', async () => {
      await ingestMessages(database.knex, [
        { kind: 'resource', type: 'Service', name: 'late-service' },
        {
          kind: 'resource',
          type: 'ServiceDeployment',
          name: 'late-service/prod',
          parent: { type: 'Service', name: 'late-service' },
        },
        {
          kind: 'reading',
          type: 'deployment-info',
          resource: { type: 'ServiceDeployment', name: 'late-service/prod' },
          value: { version: '1.0.0' },
          collectedAt: day(3).toISOString(),
        },
      ]);
      const service = { type: 'Service', name: 'late-service' };

      expect(
        await store.getResource({ ...service, asOf: day(4) }),
      ).toMatchObject(service);
      expect(
        await store.getResource({ ...service, asOf: day(2) }),
      ).toBeUndefined();
    });
  },
);
