import { resourceId } from '@cockpit/plugin-cockpit-common';
import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { Seeder } from '../../__testUtils__/seed';
import { countTimeSeries } from './countTimeSeries';

jest.setTimeout(60_000);

describe.each(testDatabaseEngines())('countTimeSeries on $name', engine => {
  let database: CockpitDatabase;

  beforeAll(async () => {
    database = await engine.open();
    const seed = new Seeder(database.knex);
    await seed.resource({ type: 'Service', name: 'a' });
    const at = [
      '2026-11-01',
      '2026-11-02',
      '2026-11-03',
      '2026-11-04',
      '2026-12-02',
    ];
    const kinds = [
      'deployment',
      'deployment',
      'incident',
      undefined,
      'deployment',
    ];
    for (const [i, day] of at.entries()) {
      await seed.reading({
        resource: { type: 'Service', name: 'a' },
        type: 'service-event',
        storageMode: 'TIME_SERIES',
        collectedAt: new Date(`${day}T00:00:00.000Z`),
        value: { kind: kinds[i], title: 't' },
      });
    }
  });

  afterAll(() => database?.close());

  it('counts the points in [from, to) by a field, with null for points without it', async () => {
    const counts = await countTimeSeries({
      knex: database.knex,
      resourceIds: [resourceId('Service', 'a')],
      type: 'service-event',
      from: new Date('2026-11-01T00:00:00.000Z'),
      to: new Date('2026-12-01T00:00:00.000Z'),
      byField: 'kind',
    });
    expect(
      counts.sort((a, b) => String(a.key).localeCompare(String(b.key))),
    ).toEqual([
      { key: 'deployment', count: 2 },
      { key: 'incident', count: 1 },
      { key: null, count: 1 },
    ]);
  });
});
