import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { Seeder } from '../../__testUtils__/seed';
import { deleteOldTimeSeries } from './deleteOldTimeSeries';

jest.setTimeout(60_000);

describe.each(testDatabaseEngines())('deleteOldTimeSeries on $name', engine => {
  let database: CockpitDatabase;

  beforeAll(async () => {
    database = await engine.open();
    const seed = new Seeder(database.knex);
    const resource = { type: 'Service', name: 'a' };
    await seed.resource(resource);
    for (let day = 1; day <= 4; day++) {
      const collectedAt = new Date(Date.UTC(2026, 10, day));
      await seed.reading({
        resource,
        type: 'cpu',
        storageMode: 'TIME_SERIES',
        collectedAt,
        value: day,
      });
      await seed.reading({
        resource,
        type: 'mem',
        storageMode: 'TIME_SERIES',
        collectedAt,
        value: day,
      });
    }
    await seed.reading({
      resource,
      type: 'cpu-model',
      value: 'old',
      collectedAt: new Date(Date.UTC(2026, 0, 1)),
    });
  });

  afterAll(() => database?.close());

  it('deletes the points of one type collected before the cutoff, and nothing else', async () => {
    const deleted = await deleteOldTimeSeries({
      knex: database.knex,
      type: 'cpu',
      before: new Date(Date.UTC(2026, 10, 3)),
      batchSize: 1,
    });
    expect(deleted).toBe(2);
    const { rows } = await database.knex.raw(
      `SELECT type, count(*)::int AS n FROM readings GROUP BY type ORDER BY type`,
    );
    expect(
      rows.map((row: { type: string; n: number }) => [row.type, row.n]),
    ).toEqual([
      ['cpu', 2],
      ['cpu-model', 1],
      ['mem', 4],
    ]);
  });
});
