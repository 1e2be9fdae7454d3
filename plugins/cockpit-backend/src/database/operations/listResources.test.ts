import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { Seeder } from '../../__testUtils__/seed';
import { listResources } from './listResources';

jest.setTimeout(60_000);

describe.each(testDatabaseEngines())('listResources on $name', engine => {
  let database: CockpitDatabase;

  beforeAll(async () => {
    database = await engine.open();
    const seed = new Seeder(database.knex);
    await seed.service({
      service: 'payment-service',
      environments: ['prod', 'qa'],
    });
    await seed.resource({ type: 'Service', name: 'orders_service' });
    await seed.resource({ type: 'Service', name: 'zz-ordersXservice' });
  });

  afterAll(() => database?.close());

  it('pages through resources by (type, name) without skipping or repeating one', async () => {
    const first = await listResources({ knex: database.knex, limit: 2 });
    const second = await listResources({
      knex: database.knex,
      limit: 10,
      cursor: first.nextCursor,
    });
    expect(
      [...first.items, ...second.items].map(r => `${r.type}:${r.name}`),
    ).toEqual([
      'Service:orders_service',
      'Service:payment-service',
      'Service:zz-ordersXservice',
      'ServiceDeployment:payment-service/prod',
      'ServiceDeployment:payment-service/qa',
    ]);
    expect(second.nextCursor).toBeUndefined();
  });

  it('filters by type, parent and a name substring taken literally', async () => {
    const deployments = await listResources({
      knex: database.knex,
      type: 'ServiceDeployment',
      limit: 10,
    });
    const children = await listResources({
      knex: database.knex,
      parentId: deployments.items[0].parentId!,
      limit: 10,
    });
    const literal = await listResources({
      knex: database.knex,
      nameContains: 's_s',
      limit: 10,
    });
    expect(deployments.items).toHaveLength(2);
    expect(children.items.map(r => r.name)).toEqual([
      'payment-service/prod',
      'payment-service/qa',
    ]);
    expect(literal.items.map(r => r.name)).toEqual(['orders_service']);
  });

  it('refuses a cursor it did not make, naming the parameter', async () => {
    await expect(
      listResources({ knex: database.knex, limit: 1, cursor: 'nonsense' }),
    ).rejects.toThrow(/cursor/);
  });
});
