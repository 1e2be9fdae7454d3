import { resourceId } from '@cockpit/plugin-cockpit-common';
import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { Seeder } from '../../__testUtils__/seed';
import { readTimeSeries } from './readTimeSeries';

jest.setTimeout(60_000);

describe.each(testDatabaseEngines())('readTimeSeries on $name', engine => {
  let database: CockpitDatabase;
  const service = { type: 'Service', name: 'a' };
  const ids = [
    resourceId('Service', 'a'),
    resourceId('ServiceDeployment', 'a/prod'),
  ];

  beforeAll(async () => {
    database = await engine.open();
    const seed = new Seeder(database.knex);
    await seed.service({ service: 'a', environments: ['prod'] });
    const event = (resource: typeof service, at: string, value: unknown) =>
      seed.reading({
        resource,
        type: 'service-event',
        storageMode: 'TIME_SERIES',
        collectedAt: new Date(at),
        value,
      });
    await event(service, '2026-11-01T00:00:00.000Z', {
      kind: 'deployment',
      title: 'one',
    });
    await event(
      { type: 'ServiceDeployment', name: 'a/prod' },
      '2026-11-02T00:00:00.000Z',
      { kind: 'incident', title: 'two' },
    );
    await event(service, '2026-11-03T00:00:00.000Z', { kind: 'incident' });
    await event(service, '2026-11-04T00:00:00.000Z', {
      kind: 'deployment',
      title: 'four',
    });
    await event(service, '2026-12-01T00:00:00.000Z', {
      kind: 'deployment',
      title: 'outside',
    });
  });

  afterAll(() => database?.close());

  const read = (limit: number) =>
    readTimeSeries({
      knex: database.knex,
      resourceIds: ids,
      type: 'service-event',
      from: new Date('2026-11-01T00:00:00.000Z'),
      to: new Date('2026-12-01T00:00:00.000Z'),
      limit,
    });

  it('gives the points of several resources in [from, to), newest first, decoded', async () => {
    const { readings } = await read(10);
    expect(readings.map(r => r.value.title)).toEqual(['four', 'two', 'one']);
  });

  it('reports a point that does not fit its type', async () => {
    const { invalid } = await read(10);
    expect(invalid).toEqual([
      expect.objectContaining({ type: 'service-event', field: 'title' }),
    ]);
  });

  it('stops at the limit', async () => {
    const { readings, invalid } = await read(2);
    expect(readings.map(r => r.value.title)).toEqual(['four']);
    expect(invalid).toHaveLength(1);
  });
});
