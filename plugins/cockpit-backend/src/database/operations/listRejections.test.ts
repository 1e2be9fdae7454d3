import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { listRejections } from './listRejections';

jest.setTimeout(60_000);

describe.each(testDatabaseEngines())('listRejections on $name', engine => {
  let database: CockpitDatabase;

  beforeAll(async () => {
    database = await engine.open();
    for (let i = 0; i < 3; i++) {
      await database.knex('rejections').insert({
        source: 'http',
        reason: `r${i}`,
        payload: '{',
        dedupe_key: `k${i}`,
      });
    }
  });

  afterAll(() => database?.close());

  it('pages through rejections newest first', async () => {
    const first = await listRejections({ knex: database.knex, limit: 2 });
    const second = await listRejections({
      knex: database.knex,
      limit: 2,
      cursor: first.nextCursor,
    });
    expect([...first.items, ...second.items].map(r => r.reason)).toEqual([
      'r2',
      'r1',
      'r0',
    ]);
    expect(first.items[0]).toMatchObject({
      source: 'http',
      payload: '{',
      receivedAt: expect.any(String),
    });
  });

  it('refuses a cursor of another listing', async () => {
    await expect(
      listRejections({ knex: database.knex, limit: 2, cursor: 'eyJ4IjoxfQ' }),
    ).rejects.toThrow(/cursor/);
  });
});
