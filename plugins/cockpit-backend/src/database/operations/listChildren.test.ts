import { resourceId } from '@cockpit/plugin-cockpit-common';
import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { Seeder } from '../../__testUtils__/seed';
import { listChildren } from './listChildren';

jest.setTimeout(60_000);

describe.each(testDatabaseEngines())('listChildren on $name', engine => {
  let database: CockpitDatabase;

  beforeAll(async () => {
    database = await engine.open();
    const seed = new Seeder(database.knex);
    await seed.service({ service: 'a', environments: ['prod'], instances: 1 });
    await seed.service({ service: 'b', environments: ['prod', 'qa'] });
    await seed.resource({
      type: 'Note',
      name: 'b-note',
      parent: { type: 'Service', name: 'b' },
    });
  });

  afterAll(() => database?.close());

  it('gives the direct children of several parents in one answer, ordered by type and name', async () => {
    const children = await listChildren({
      knex: database.knex,
      parentIds: [resourceId('Service', 'a'), resourceId('Service', 'b')],
    });
    expect(children.map(r => r.name)).toEqual([
      'b-note',
      'a/prod',
      'b/prod',
      'b/qa',
    ]);
  });

  it('narrows to one type', async () => {
    const children = await listChildren({
      knex: database.knex,
      parentIds: [resourceId('Service', 'b')],
      type: 'ServiceDeployment',
    });
    expect(children.map(r => r.name)).toEqual(['b/prod', 'b/qa']);
  });
});
