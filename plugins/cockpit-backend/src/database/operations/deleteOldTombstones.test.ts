import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { deleteOldTombstones } from './deleteOldTombstones';

jest.setTimeout(60_000);

describe.each(testDatabaseEngines())('deleteOldTombstones on $name', engine => {
  let database: CockpitDatabase;

  beforeAll(async () => {
    database = await engine.open();
    for (const day of [1, 2, 10]) {
      await database.knex('resource_tombstones').insert({
        id: `00000000-0000-0000-0000-00000000000${day % 10}`,
        type: 'Service',
        name: `s${day}`,
        created_on: new Date(Date.UTC(2026, 0, 1)),
        deleted_on: new Date(Date.UTC(2026, 10, day)),
        reason: 'test',
      });
    }
  });

  afterAll(() => database?.close());

  it('deletes the tombstones of resources deleted before the cutoff', async () => {
    const deleted = await deleteOldTombstones({
      knex: database.knex,
      before: new Date(Date.UTC(2026, 10, 5)),
      batchSize: 1,
    });
    expect(deleted).toBe(2);
    expect(await database.knex('resource_tombstones').pluck('name')).toEqual([
      's10',
    ]);
  });
});
