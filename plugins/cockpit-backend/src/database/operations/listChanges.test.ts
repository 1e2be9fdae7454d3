import type { Change } from '@cockpit/plugin-cockpit-common';
import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import {
  ADV_2,
  day,
  I9,
  idOf,
  LIB_2,
  PAY,
  seedHistoryFixture,
} from '../../__testUtils__/historyFixture';
import { listChanges, ListChangesOptions } from './listChanges';

jest.setTimeout(60_000);

const brief = (change: Change) =>
  `${change.at.slice(8, 10)} ${change.kind} ${change.resource.name} ${
    change.readingType ?? '-'
  }`;

describe.each(testDatabaseEngines())('listChanges on $name', engine => {
  let database: CockpitDatabase;
  const changes = (options: Partial<ListChangesOptions>) =>
    listChanges({ knex: database.knex, since: day(0), limit: 100, ...options });

  beforeAll(async () => {
    database = await engine.open();
    await seedHistoryFixture(database.knex);
  });

  afterAll(() => database?.close());

  it('gives the fleet’s changes of a window newest first, with before and after, deletions included', async () => {
    const { items, nextCursor } = await changes({
      since: day(5),
      until: day(9),
    });
    expect(nextCursor).toBeUndefined();
    // two changes on day 6: their order is the resource id's, descending
    // two changes on day 6: ordered by the resource id, descending
    const ownership = `07 changed pay ownership`;
    const deletion = `07 deleted ${I9.name} -`;
    const day6 =
      idOf(PAY) > idOf(I9) ? [ownership, deletion] : [deletion, ownership];
    expect(items.map(brief)).toEqual([
      `09 changed ${LIB_2} vulnerabilities`,
      `08 changed pay/production deployment-dependencies`,
      ...day6,
      `06 changed pay/production deployment-info`,
    ]);
    expect(items[0]).toMatchObject({
      before: { items: [] },
      after: { items: [ADV_2] },
      collector: 'test-collector',
      resource: { type: 'SoftwareDependencyVersion', name: LIB_2 },
    });
    expect(items.find(c => c.kind === 'deleted')).toEqual({
      kind: 'deleted',
      resource: {
        id: idOf(I9),
        type: 'ServiceInstance',
        name: I9.name,
        parentId: expect.any(String),
      },
      readingType: null,
      at: day(6).toISOString(),
      before: null,
      after: null,
      collector: null,
    });
  });

  it('gives a service subtree’s changes, its deleted resources included', async () => {
    const { items } = await changes({
      serviceId: idOf(PAY),
      since: day(5),
      until: day(9),
    });
    expect(items.map(brief).sort()).toEqual(
      [
        `06 changed pay/production deployment-info`,
        `07 changed pay ownership`,
        `07 deleted ${I9.name} -`,
        `08 changed pay/production deployment-dependencies`,
      ].sort(),
    );
  });

  it('filters by reading type (no deletions) and by resource type', async () => {
    const info = await changes({ readingType: 'deployment-info' });
    expect(info.items.map(brief)).toEqual([
      '10 changed pay/production deployment-info',
      '06 changed pay/production deployment-info',
      '02 created pay/production deployment-info',
    ]);
    expect(info.items[2]?.before).toBeNull();
    // each version's before is the one it replaced, whether the page holds that one or not
    expect(info.items[0]?.before).toEqual(info.items[1]?.after);
    expect(info.items[1]?.before).toEqual(info.items[2]?.after);
    const newest = await changes({ readingType: 'deployment-info', limit: 1 });
    expect(newest.items[0]?.before).toEqual(info.items[1]?.after);
    const instances = await changes({ resourceType: 'ServiceInstance' });
    expect(instances.items.map(brief)).toEqual([
      '11 created pay/production/i-2 health',
      `07 deleted ${I9.name} -`,
      '05 changed pay/production/i-1 health',
      '04 changed pay/production/i-1 health',
      '02 created pay/production/i-1 health',
    ]);
    const some = await changes({ resourceIds: [idOf(PAY)] });
    expect(some.items.map(brief)).toEqual([
      '07 changed pay ownership',
      '02 created pay ownership',
    ]);
  });

  it('pages through the whole feed without a gap or a repeat', async () => {
    const all = await changes({});
    expect(all.items).toHaveLength(15);
    const paged: Change[] = [];
    let cursor: string | undefined;
    do {
      const page = await changes({ limit: 2, cursor });
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.items);
    await expect(changes({ cursor: 'nope' })).rejects.toThrow(/cursor/);
  });
});
