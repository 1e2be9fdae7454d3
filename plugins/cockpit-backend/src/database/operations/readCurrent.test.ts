import { resourceId } from '@cockpit/plugin-cockpit-common';
import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { Seeder } from '../../__testUtils__/seed';
import { readCurrent } from './readCurrent';

jest.setTimeout(60_000);

const instance = (i: number) => ({
  type: 'ServiceInstance',
  name: `a/prod/i-${i}`,
});

describe.each(testDatabaseEngines())('readCurrent on $name', engine => {
  let database: CockpitDatabase;

  beforeAll(async () => {
    database = await engine.open();
    const seed = new Seeder(database.knex);
    await seed.service({ service: 'a', environments: ['prod'], instances: 3 });
    await seed.reading({
      resource: instance(0),
      type: 'health',
      value: { status: 'UP' },
    });
    await seed.reading({
      resource: instance(1),
      type: 'health',
      value: { status: 'green' },
    });
    await seed.reading({
      resource: instance(2),
      type: 'health',
      value: { status: 'DOWN', probe: '/ready' },
    });
    await seed.reading({
      resource: instance(0),
      type: 'team-notes',
      value: ['any', 1, null],
    });
    await seed.reading({
      resource: instance(0),
      type: 'health',
      storageMode: 'TIME_SERIES',
      value: { status: 'DEGRADED' },
    });
  });

  afterAll(() => database?.close());

  it('gives the snapshot of each resource and type, decoded, keeping extra fields', async () => {
    const { readings } = await readCurrent({
      knex: database.knex,
      resourceIds: [0, 2].map(i =>
        resourceId('ServiceInstance', instance(i).name),
      ),
      types: ['health'],
    });
    expect(readings.map(r => [r.resourceId, r.value]).sort()).toEqual(
      [
        [resourceId('ServiceInstance', instance(0).name), { status: 'UP' }],
        [
          resourceId('ServiceInstance', instance(2).name),
          { status: 'DOWN', probe: '/ready' },
        ],
      ].sort(),
    );
    expect(readings[0]).toMatchObject({
      type: 'health',
      storageMode: 'SNAPSHOT',
      collectedAt: expect.any(Date),
    });
  });

  it('reports a value that does not fit its type with the resource, type and field, and leaves it out', async () => {
    const id = resourceId('ServiceInstance', instance(1).name);
    const answer = await readCurrent({
      knex: database.knex,
      resourceIds: [id],
      types: ['health'],
    });
    expect(answer.readings).toEqual([]);
    expect(answer.invalid).toEqual([
      {
        readingId: expect.any(String),
        resourceId: id,
        type: 'health',
        field: 'status',
        message: expect.any(String),
      },
    ]);
  });

  it('passes the values of other types on as the JSON they are', async () => {
    const { readings } = await readCurrent({
      knex: database.knex,
      resourceIds: [resourceId('ServiceInstance', instance(0).name)],
      types: ['team-notes'],
    });
    expect(readings.map(r => r.value)).toEqual([['any', 1, null]]);
  });

  it('reads a resource and all its descendants in one query', async () => {
    const answer = await readCurrent({
      knex: database.knex,
      subtreeOf: resourceId('Service', 'a'),
      types: ['health', 'team-notes'],
    });
    expect(answer.readings.map(r => r.type).sort()).toEqual([
      'health',
      'health',
      'team-notes',
    ]);
    expect(answer.invalid.map(i => i.field)).toEqual(['status']);
  });

  it('keeps, with withItems, only values whose items are non-empty, in each form', async () => {
    const seed = new Seeder(database.knex);
    const version = (v: string) => ({
      type: 'SoftwareDependencyVersion',
      name: `pkg:npm/left-pad@${v}`,
    });
    for (const [v, items] of [
      ['1.0.0', [{ id: 'CVE-1', severity: 'LOW', summary: 's' }]],
      ['1.0.1', []],
      ['1.0.2', 'not a list'],
    ] as const) {
      await seed.resource(version(v));
      await seed.reading({
        resource: version(v),
        type: 'vulnerabilities',
        value: { items },
      });
    }
    await seed.reading({
      resource: version('1.0.1'),
      type: 'team-notes',
      value: { note: 'no items at all' },
    });
    const ids = ['1.0.0', '1.0.1', '1.0.2'].map(v =>
      resourceId('SoftwareDependencyVersion', version(v).name),
    );

    const byType = await readCurrent({
      knex: database.knex,
      resourceType: 'SoftwareDependencyVersion',
      types: ['vulnerabilities', 'team-notes'],
      withItems: true,
    });
    const byIds = await readCurrent({
      knex: database.knex,
      resourceIds: ids,
      types: ['vulnerabilities', 'team-notes'],
      withItems: true,
    });
    const all = await readCurrent({
      knex: database.knex,
      resourceIds: ids,
      types: ['vulnerabilities'],
    });

    for (const answer of [byType, byIds]) {
      expect(answer.readings.map(r => r.resourceId)).toEqual([ids[0]]);
      // a non-array `items` is not hidden by the filter: the decoder reports it
      expect(answer.invalid.map(i => [i.resourceId, i.field])).toEqual([
        [ids[2], 'items'],
      ]);
    }
    expect(all.readings).toHaveLength(2);
  });

  it('reads every resource of one type', async () => {
    const answer = await readCurrent({
      knex: database.knex,
      resourceType: 'ServiceInstance',
      types: ['health'],
    });
    expect(answer.readings).toHaveLength(2);
    expect(answer.invalid).toHaveLength(1);
  });
});
