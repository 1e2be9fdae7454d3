import { resourceId } from '@cockpit/plugin-cockpit-common';
import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { Seeder } from '../../__testUtils__/seed';
import { getSubtree } from './getSubtree';

jest.setTimeout(60_000);

describe.each(testDatabaseEngines())('getSubtree on $name', engine => {
  let database: CockpitDatabase;

  beforeAll(async () => {
    database = await engine.open();
    const seed = new Seeder(database.knex);
    await seed.service({
      service: 'a',
      environments: ['prod', 'qa'],
      instances: 2,
    });
    await seed.service({ service: 'b', environments: ['prod'], instances: 1 });
  });

  afterAll(() => database?.close());

  it('gives the root and every descendant, and nothing of another tree', async () => {
    const tree = await getSubtree({
      knex: database.knex,
      rootId: resourceId('Service', 'a'),
    });
    expect(tree.map(r => r.name).sort()).toEqual([
      'a',
      'a/prod',
      'a/prod/i-0',
      'a/prod/i-1',
      'a/qa',
      'a/qa/i-0',
      'a/qa/i-1',
    ]);
  });

  it('is empty when the root does not exist', async () => {
    expect(
      await getSubtree({
        knex: database.knex,
        rootId: resourceId('Service', 'ghost'),
      }),
    ).toEqual([]);
  });
});
