import { resourceId } from '@cockpit/plugin-cockpit-common';
import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { Seeder } from '../../__testUtils__/seed';
import { trimVersions } from './trimVersions';

jest.setTimeout(60_000);

describe.each(testDatabaseEngines())('trimVersions on $name', engine => {
  let database: CockpitDatabase;

  beforeAll(async () => {
    database = await engine.open();
    const seed = new Seeder(database.knex);
    for (const name of ['a', 'b']) {
      await seed.resource({ type: 'Service', name });
      const versions = name === 'a' ? 5 : 2;
      for (let day = 1; day <= versions; day++) {
        await database.knex('reading_versions').insert({
          resource_id: resourceId('Service', name),
          type: 'health',
          valid_from: new Date(Date.UTC(2026, 10, day)),
          value: JSON.stringify(`${name}${day}`),
        });
      }
    }
  });

  afterAll(() => database?.close());

  it('keeps the newest versions of each resource and deletes the rest', async () => {
    const deleted = await trimVersions({
      knex: database.knex,
      type: 'health',
      maxVersions: 3,
      batchSize: 1,
    });
    expect(deleted).toBe(2);
    const left = await database
      .knex('reading_versions')
      .orderBy('value')
      .pluck('value');
    expect(left).toEqual(['a3', 'a4', 'a5', 'b1', 'b2']);
  });

  it('refuses to delete the version in force', async () => {
    await expect(
      trimVersions({
        knex: database.knex,
        type: 'health',
        maxVersions: 0,
        batchSize: 1,
      }),
    ).rejects.toThrow(
      /maxVersions of health must be a whole number of at least 1/,
    );
  });
});
