import { resourceId } from '@cockpit/plugin-cockpit-common';
import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { Seeder } from '../../__testUtils__/seed';
import { getResources } from './getResources';

jest.setTimeout(60_000);

describe.each(testDatabaseEngines())('getResources on $name', engine => {
  let database: CockpitDatabase;

  beforeAll(async () => {
    database = await engine.open();
    const seed = new Seeder(database.knex);
    await seed.resource({ type: 'Service', name: 'a' });
    await seed.resource({ type: 'Service', name: 'b' });
  });

  afterAll(() => database?.close());

  it('gives the resources of the ids that exist, once each', async () => {
    const ids = ['a', 'b', 'ghost', 'a'].map(name =>
      resourceId('Service', name),
    );
    const found = await getResources({ knex: database.knex, ids });
    expect(found.map(resource => resource.name).sort()).toEqual(['a', 'b']);
  });

  it('answers no resources for no ids', async () => {
    expect(await getResources({ knex: database.knex, ids: [] })).toEqual([]);
  });
});
