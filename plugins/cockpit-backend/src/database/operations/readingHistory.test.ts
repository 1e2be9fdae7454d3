import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import {
  day,
  idOf,
  PROD,
  seedHistoryFixture,
} from '../../__testUtils__/historyFixture';
import { readingHistory } from './readingHistory';

jest.setTimeout(60_000);

describe.each(testDatabaseEngines())('readingHistory on $name', engine => {
  let database: CockpitDatabase;
  const history = (options: {
    from?: Date;
    to?: Date;
    limit?: number;
    cursor?: string;
  }) =>
    readingHistory({
      knex: database.knex,
      resourceId: idOf(PROD),
      type: 'deployment-info',
      limit: 100,
      ...options,
    });
  const versionsOf = (items: { value: unknown }[]) =>
    items.map(item => (item.value as { version: string }).version);

  beforeAll(async () => {
    database = await engine.open();
    await seedHistoryFixture(database.knex);
  });

  afterAll(() => database?.close());

  it('gives the versions newest first, each ending where the next begins', async () => {
    const { items, nextCursor } = await history({});
    expect(nextCursor).toBeUndefined();
    expect(items.map(i => [i.value, i.validFrom, i.validTo])).toEqual([
      [
        { version: '1.2.0', deployedAt: day(9).toISOString() },
        day(9).toISOString(),
        null,
      ],
      [
        { version: '1.1.0', deployedAt: day(5).toISOString() },
        day(5).toISOString(),
        day(9).toISOString(),
      ],
      [
        { version: '1.0.0', deployedAt: day(1).toISOString() },
        day(1).toISOString(),
        day(5).toISOString(),
      ],
    ]);
    expect(items[0]).toMatchObject({
      type: 'deployment-info',
      resourceId: idOf(PROD),
      storageMode: 'SNAPSHOT',
      collectedAt: day(9).toISOString(),
      collector: 'test-collector',
      source: 'local',
    });
  });

  it('pages with a cursor', async () => {
    const first = await history({ limit: 2 });
    expect(versionsOf(first.items)).toEqual(['1.2.0', '1.1.0']);
    const second = await history({ limit: 2, cursor: first.nextCursor });
    expect(versionsOf(second.items)).toEqual(['1.0.0']);
    expect(second.nextCursor).toBeUndefined();
    await expect(history({ cursor: 'nope' })).rejects.toThrow(/cursor/);
  });

  it('gives the versions in force at some time in [from, to)', async () => {
    expect(
      versionsOf((await history({ from: day(6), to: day(8) })).items),
    ).toEqual(['1.1.0']);
    expect(
      versionsOf((await history({ from: day(5), to: day(10) })).items),
    ).toEqual(['1.2.0', '1.1.0']);
    expect(versionsOf((await history({ from: day(4) })).items)).toEqual([
      '1.2.0',
      '1.1.0',
      '1.0.0',
    ]);
    expect(versionsOf((await history({ to: day(5) })).items)).toEqual([
      '1.0.0',
    ]);
    expect((await history({ to: day(1) })).items).toEqual([]);
  });

  it('is empty for a key without history', async () => {
    const { items } = await readingHistory({
      knex: database.knex,
      resourceId: idOf(PROD),
      type: 'ownership',
      limit: 10,
    });
    expect(items).toEqual([]);
  });
});
