import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { Seeder } from '../../__testUtils__/seed';
import { trimTimeSeries } from './trimTimeSeries';

jest.setTimeout(60_000);

describe.each(testDatabaseEngines())('trimTimeSeries on $name', engine => {
  let database: CockpitDatabase;

  beforeAll(async () => {
    database = await engine.open();
    const seed = new Seeder(database.knex);
    for (const name of ['a', 'b']) {
      await seed.resource({ type: 'Service', name });
      const points = name === 'a' ? 5 : 2;
      for (let day = 1; day <= points; day++) {
        await seed.reading({
          resource: { type: 'Service', name },
          type: 'cpu',
          storageMode: 'TIME_SERIES',
          collectedAt: new Date(Date.UTC(2026, 10, day)),
          value: `${name}${day}`,
        });
      }
    }
  });

  afterAll(() => database?.close());

  it('keeps the newest points of each resource and deletes the rest', async () => {
    const deleted = await trimTimeSeries({
      knex: database.knex,
      type: 'cpu',
      maxPoints: 3,
      batchSize: 1,
    });
    expect(deleted).toBe(2);
    const left = await database
      .knex('readings')
      .orderBy('value')
      .pluck('value');
    expect(left).toEqual(['a3', 'a4', 'a5', 'b1', 'b2']);
  });
});
