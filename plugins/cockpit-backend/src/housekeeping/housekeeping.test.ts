import { ConfigReader } from '@backstage/config';
import { resourceId } from '@cockpit/plugin-cockpit-common';
import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { Seeder } from '../__testUtils__/seed';
import { KnexCockpitStore } from '../database/KnexCockpitStore';
import { readHousekeepingConfig } from './config';
import { runHousekeeping } from './housekeeping';

jest.setTimeout(60_000);

const HOUR = 3600e3;
const now = new Date('2026-11-22T12:00:00.000Z');
const ago = (hours: number) => new Date(now.getTime() - hours * HOUR);

const config = readHousekeepingConfig(
  new ConfigReader({
    cockpit: {
      housekeeping: {
        batchSize: 2,
        staleResources: [
          {
            type: 'ServiceInstance',
            withoutReading: 'health',
            missingFor: { hours: 6 },
            minAge: { hours: 1 },
          },
          { type: 'Lambda', missingFor: 'P7D' },
        ],
        readingRetention: [
          { type: 'service-event', maxAge: { days: 30 } },
          { type: 'cpu', maxPoints: 3 },
        ],
        versionRetention: [{ type: 'health', maxAge: 'P30D', maxVersions: 2 }],
        tombstoneRetention: { maxAge: { days: 365 } },
        rejectionRetention: { maxAge: { days: 7 } },
      },
    },
  }),
);

describe.each(testDatabaseEngines())('housekeeping on $name', engine => {
  let database: CockpitDatabase;
  let seed: Seeder;

  beforeEach(async () => {
    database = await engine.open();
    seed = new Seeder(database.knex);
  });

  afterEach(async () => {
    await database?.close();
  });

  const names = async (type: string) =>
    (
      await database
        .knex('resources')
        .where({ type })
        .orderBy('name')
        .select('name')
    ).map(r => r.name);

  it('reads its rules from config with Backstage durations', () => {
    expect(config.staleResources).toEqual([
      {
        type: 'ServiceInstance',
        withoutReading: 'health',
        missingForMs: 6 * HOUR,
        minAgeMs: HOUR,
      },
      {
        type: 'Lambda',
        withoutReading: undefined,
        missingForMs: 7 * 24 * HOUR,
        minAgeMs: 0,
      },
    ]);
    expect(config.rejectionMaxAgeMs).toBe(7 * 24 * HOUR);
    expect(config.versionRetention).toEqual([
      { type: 'health', maxAgeMs: 30 * 24 * HOUR, maxVersions: 2 },
    ]);
    expect(config.tombstoneMaxAgeMs).toBe(365 * 24 * HOUR);
    expect(() =>
      readHousekeepingConfig(
        new ConfigReader({
          cockpit: {
            housekeeping: {
              versionRetention: [{ type: 'health', maxVersions: 0 }],
            },
          },
        }),
      ),
    ).toThrow(/maxVersions of health must be a whole number of at least 1/);
  });

  it('keeps versions per their rule, never the one in force, and drops old tombstones', async () => {
    await seed.resource({ type: 'Service', name: 's' });
    const id = resourceId('Service', 's');
    await database.knex('reading_versions').insert(
      [100, 40, 20, 10].map(days => ({
        resource_id: id,
        type: 'health',
        valid_from: ago(days * 24),
        value: JSON.stringify(days),
      })),
    );
    await database.knex('resource_tombstones').insert(
      [400, 10].map(days => ({
        id,
        type: 'Service',
        name: 's',
        created_on: ago(500 * 24),
        deleted_on: ago(days * 24),
        reason: 'test',
      })),
    );
    const report = await runHousekeeping({
      store: KnexCockpitStore.create({ knex: database.knex }),
      config: { ...config, staleResources: [], readingRetention: [] },
      now,
    });
    // day 100 ended (day 40 began) before the 30-day cutoff; day 40 was in force then; then 2 kept
    expect(report.versionRetention).toEqual([
      { type: 'health', byAge: 1, byCount: 1 },
    ]);
    expect(
      await database
        .knex('reading_versions')
        .orderBy('valid_from')
        .pluck('value'),
    ).toEqual([20, 10]);
    expect(report.tombstones).toBe(1);
  });

  it('deletes exactly the instances without a recent health reading that are old enough, with their descendants and readings', async () => {
    await seed.service({ service: 's', environments: ['prod'] });
    const deployment = { type: 'ServiceDeployment', name: 's/prod' };
    const instance = (id: string, createdHoursAgo: number) =>
      seed.resource({
        type: 'ServiceInstance',
        name: `s/prod/${id}`,
        parent: deployment,
        createdOn: ago(createdHoursAgo),
      });
    await instance('fresh-health', 48);
    await instance('stale-health', 48);
    await instance('no-health', 48);
    await instance('young-no-health', 0.5);
    await instance('stale-2', 10);
    await instance('stale-3', 10);
    const ref = (id: string) => ({
      type: 'ServiceInstance',
      name: `s/prod/${id}`,
    });
    await seed.reading({
      resource: ref('fresh-health'),
      type: 'health',
      value: { status: 'UP' },
      collectedAt: ago(1),
    });
    await seed.reading({
      resource: ref('stale-health'),
      type: 'health',
      value: { status: 'UP' },
      collectedAt: ago(7),
    });
    await seed.reading({
      resource: ref('stale-health'),
      type: 'instance-info',
      value: { startedAt: ago(48).toISOString() },
      collectedAt: ago(1),
    });
    // a child of a stale instance goes with it
    await seed.resource({
      type: 'Process',
      name: 's/prod/stale-2/p1',
      parent: ref('stale-2'),
    });
    await seed.reading({
      resource: { type: 'Process', name: 's/prod/stale-2/p1' },
      type: 'cpu',
      value: 1,
    });

    const report = await runHousekeeping({
      store: KnexCockpitStore.create({ knex: database.knex }),
      config: { ...config, readingRetention: [] },
      now,
    });

    expect(await names('ServiceInstance')).toEqual([
      's/prod/fresh-health',
      's/prod/young-no-health',
    ]);
    expect(await names('Process')).toEqual([]);
    expect(await names('ServiceDeployment')).toEqual(['s/prod']);
    expect(
      await database
        .knex('resource_tombstones')
        .where({ type: 'ServiceInstance' })
        .orderBy('name')
        .pluck('reason'),
    ).toEqual(
      Array(4).fill(
        'staleResources: ServiceInstance without health for 21600 s',
      ),
    );
    expect(report.staleResources[0]).toEqual({
      type: 'ServiceInstance',
      withoutReading: 'health',
      resources: 4,
      descendants: 1,
      readings: 3,
    });
    const left = await database.knex('readings').select('resource_id');
    expect(left.map(r => r.resource_id)).toEqual([
      resourceId('ServiceInstance', 's/prod/fresh-health'),
    ]);
  });

  it("deletes resources not seen for the rule's duration when the rule names no reading", async () => {
    await seed.resource({
      type: 'Lambda',
      name: 'old',
      lastSeenOn: ago(24 * 8),
      createdOn: ago(24 * 30),
    });
    await seed.resource({
      type: 'Lambda',
      name: 'recent',
      lastSeenOn: ago(24 * 6),
      createdOn: ago(24 * 30),
    });
    const report = await runHousekeeping({
      store: KnexCockpitStore.create({ knex: database.knex }),
      config: { ...config, staleResources: [config.staleResources[1]] },
      now,
    });
    expect(await names('Lambda')).toEqual(['recent']);
    expect(report.staleResources).toEqual([
      { type: 'Lambda', resources: 1, descendants: 0, readings: 0 },
    ]);
  });

  it('drops TIME_SERIES points older than maxAge of their type and only those', async () => {
    await seed.resource({ type: 'Service', name: 's' });
    const service = { type: 'Service', name: 's' };
    for (const days of [1, 29, 31, 40, 100]) {
      await seed.reading({
        resource: service,
        type: 'service-event',
        storageMode: 'TIME_SERIES',
        value: { days },
        collectedAt: ago(days * 24),
      });
    }
    await seed.reading({
      resource: service,
      type: 'other-series',
      storageMode: 'TIME_SERIES',
      value: 1,
      collectedAt: ago(24 * 100),
    });
    await seed.reading({
      resource: service,
      type: 'service-event',
      value: { snapshot: true },
      collectedAt: ago(24 * 100),
    });

    const report = await runHousekeeping({
      store: KnexCockpitStore.create({ knex: database.knex }),
      config: { ...config, staleResources: [] },
      now,
    });

    const left = await database
      .knex('readings')
      .orderBy('collected_at', 'desc')
      .select('type', 'storage_mode', 'value');
    expect(left).toEqual([
      {
        type: 'service-event',
        storage_mode: 'TIME_SERIES',
        value: { days: 1 },
      },
      {
        type: 'service-event',
        storage_mode: 'TIME_SERIES',
        value: { days: 29 },
      },
      { type: 'other-series', storage_mode: 'TIME_SERIES', value: 1 },
      {
        type: 'service-event',
        storage_mode: 'SNAPSHOT',
        value: { snapshot: true },
      },
    ]);
    expect(report.readingRetention).toEqual([
      { type: 'service-event', byAge: 3, byCount: 0 },
      { type: 'cpu', byAge: 0, byCount: 0 },
    ]);
  });

  it('keeps the newest maxPoints points per resource', async () => {
    for (const name of ['a', 'b']) {
      await seed.resource({ type: 'Host', name });
      for (let i = 0; i < (name === 'a' ? 6 : 2); i++) {
        await seed.reading({
          resource: { type: 'Host', name },
          type: 'cpu',
          storageMode: 'TIME_SERIES',
          value: i,
          collectedAt: ago(10 - i),
        });
      }
    }
    const report = await runHousekeeping({
      store: KnexCockpitStore.create({ knex: database.knex }),
      config: { ...config, staleResources: [] },
      now,
    });
    const rows = await database
      .knex('readings')
      .orderBy(['resource_id', 'collected_at'])
      .select('resource_id', 'value');
    expect(
      rows
        .filter(r => r.resource_id === resourceId('Host', 'a'))
        .map(r => r.value),
    ).toEqual([3, 4, 5]);
    expect(
      rows
        .filter(r => r.resource_id === resourceId('Host', 'b'))
        .map(r => r.value),
    ).toEqual([0, 1]);
    expect(report.readingRetention[1]).toEqual({
      type: 'cpu',
      byAge: 0,
      byCount: 3,
    });
  });

  it('drops rejections older than their retention', async () => {
    for (const days of [1, 8, 30]) {
      await database.knex('rejections').insert({
        source: 'http',
        reason: 'r',
        payload: String(days),
        dedupe_key: `k${days}`,
        received_at: ago(days * 24),
      });
    }
    const report = await runHousekeeping({
      store: KnexCockpitStore.create({ knex: database.knex }),
      config: { ...config, staleResources: [], readingRetention: [] },
      now,
    });
    expect(
      (await database.knex('rejections').select('payload')).map(r => r.payload),
    ).toEqual(['1']);
    expect(report.rejections).toBe(2);
  });
});
