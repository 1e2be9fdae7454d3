import { resourceId } from '@cockpit/plugin-cockpit-common';
import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { Seeder } from '../../__testUtils__/seed';
import { deleteOldVersions } from './deleteOldVersions';

jest.setTimeout(60_000);

const day = (n: number) => new Date(Date.UTC(2026, 10, n));

describe.each(testDatabaseEngines())('deleteOldVersions on $name', engine => {
  let database: CockpitDatabase;

  beforeAll(async () => {
    database = await engine.open();
    const seed = new Seeder(database.knex);
    for (const name of ['a', 'b']) {
      await seed.resource({ type: 'Service', name });
    }
    const version = (name: string, type: string, n: number) => ({
      resource_id: resourceId('Service', name),
      type,
      valid_from: day(n),
      value: JSON.stringify(`${name}${n}`),
    });
    await database.knex('reading_versions').insert([
      // a: versions of days 1, 3, 5 and 20 (in force)
      ...[1, 3, 5, 20].map(n => version('a', 'health', n)),
      // b: one old version, in force since day 2
      version('b', 'health', 2),
      // another type is left alone
      ...[1, 2].map(n => version('a', 'ownership', n)),
    ]);
  });

  afterAll(() => database?.close());

  it('deletes the versions that ended before the cutoff, keeping the one in force then and every one in force now', async () => {
    const deleted = await deleteOldVersions({
      knex: database.knex,
      type: 'health',
      before: day(4),
      batchSize: 1,
    });
    expect(deleted).toBe(1);
    const left = await database
      .knex('reading_versions')
      .orderBy(['type', 'value'])
      .select('type', 'value');
    expect(left).toEqual([
      { type: 'health', value: 'a20' },
      { type: 'health', value: 'a3' },
      { type: 'health', value: 'a5' },
      { type: 'health', value: 'b2' },
      { type: 'ownership', value: 'a1' },
      { type: 'ownership', value: 'a2' },
    ]);
    // far in the future: only the versions in force remain
    await deleteOldVersions({
      knex: database.knex,
      type: 'health',
      before: day(300),
      batchSize: 1000,
    });
    expect(
      await database
        .knex('reading_versions')
        .where({ type: 'health' })
        .orderBy('value')
        .pluck('value'),
    ).toEqual(['a20', 'b2']);
  });
});
