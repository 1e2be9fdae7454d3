import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { Seeder } from '../../__testUtils__/seed';
import { getResource } from './getResource';

jest.setTimeout(60_000);

describe.each(testDatabaseEngines())('getResource on $name', engine => {
  let database: CockpitDatabase;
  let id: string;

  beforeAll(async () => {
    database = await engine.open();
    id = await new Seeder(database.knex).resource({
      type: 'Service',
      name: 'payment-service',
    });
  });

  afterAll(() => database?.close());

  it('finds a resource by id and by type and name', async () => {
    const byId = await getResource({ knex: database.knex, id });
    const byName = await getResource({
      knex: database.knex,
      type: 'Service',
      name: 'payment-service',
    });
    expect(byId).toMatchObject({
      id,
      type: 'Service',
      name: 'payment-service',
      parentId: null,
    });
    expect(byName).toEqual(byId);
  });

  it('says undefined for a resource that does not exist', async () => {
    expect(
      await getResource({
        knex: database.knex,
        type: 'Service',
        name: 'ghost',
      }),
    ).toBeUndefined();
  });
});
