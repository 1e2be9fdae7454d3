import { resourceId } from '@cockpit/plugin-cockpit-common';
import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { Seeder } from '../../__testUtils__/seed';
import { listReadings } from './listReadings';

jest.setTimeout(60_000);

describe.each(testDatabaseEngines())('listReadings on $name', engine => {
  let database: CockpitDatabase;
  const id = resourceId('Service', 'a');

  beforeAll(async () => {
    database = await engine.open();
    const seed = new Seeder(database.knex);
    await seed.resource({ type: 'Service', name: 'a' });
    await seed.reading({
      resource: { type: 'Service', name: 'a' },
      type: 'ownership',
      value: { team: 7 },
    });
    for (let i = 0; i < 3; i++) {
      await seed.reading({
        resource: { type: 'Service', name: 'a' },
        type: 'cpu',
        storageMode: 'TIME_SERIES',
        // a millisecond apart: the cursor keeps the exact time
        collectedAt: new Date(Date.UTC(2026, 10, 1, 0, 0, 0, i)),
        value: i,
      });
    }
  });

  afterAll(() => database?.close());

  it('pages through the readings newest first, values as stored', async () => {
    const first = await listReadings({
      knex: database.knex,
      resourceId: id,
      type: 'cpu',
      limit: 2,
    });
    const second = await listReadings({
      knex: database.knex,
      resourceId: id,
      type: 'cpu',
      limit: 2,
      cursor: first.nextCursor,
    });
    expect([...first.items, ...second.items].map(r => r.value)).toEqual([
      2, 1, 0,
    ]);
    expect(second.nextCursor).toBeUndefined();
  });

  it('lists every type, a value that fits no schema included', async () => {
    const page = await listReadings({
      knex: database.knex,
      resourceId: id,
      limit: 10,
    });
    expect(page.items.find(r => r.type === 'ownership')?.value).toEqual({
      team: 7,
    });
    expect(page.items).toHaveLength(4);
  });

  it('narrows to [from, to)', async () => {
    const page = await listReadings({
      knex: database.knex,
      resourceId: id,
      type: 'cpu',
      from: new Date(Date.UTC(2026, 10, 1, 0, 0, 0, 1)),
      to: new Date(Date.UTC(2026, 10, 1, 0, 0, 0, 2)),
      limit: 10,
    });
    expect(page.items.map(r => r.value)).toEqual([1]);
  });
});
