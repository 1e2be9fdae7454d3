import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { deleteOldRejections } from './deleteOldRejections';

jest.setTimeout(60_000);

describe.each(testDatabaseEngines())('deleteOldRejections on $name', engine => {
  let database: CockpitDatabase;

  beforeAll(async () => {
    database = await engine.open();
    for (let day = 1; day <= 5; day++) {
      await database.knex('rejections').insert({
        source: 'http',
        reason: `day ${day}`,
        payload: '{',
        dedupe_key: `k${day}`,
        received_at: new Date(Date.UTC(2026, 10, day)),
      });
    }
  });

  afterAll(() => database?.close());

  it('deletes the rejections received before the cutoff, in batches, and counts them', async () => {
    const deleted = await deleteOldRejections({
      knex: database.knex,
      before: new Date(Date.UTC(2026, 10, 5)),
      batchSize: 3,
    });
    expect(deleted).toBe(4);
    expect(
      (await database.knex('rejections').select('reason')).map(r => r.reason),
    ).toEqual(['day 5']);
  });
});
