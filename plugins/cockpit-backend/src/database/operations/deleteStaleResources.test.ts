import { resourceId } from '@cockpit/plugin-cockpit-common';
import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { Seeder } from '../../__testUtils__/seed';
import { deleteStaleResources } from './deleteStaleResources';

jest.setTimeout(60_000);

const now = Date.UTC(2026, 10, 22, 12);
const hoursAgo = (hours: number) => new Date(now - hours * 3600e3);

describe.each(testDatabaseEngines())(
  'deleteStaleResources on $name',
  engine => {
    let database: CockpitDatabase;
    let seed: Seeder;

    beforeEach(async () => {
      database = await engine.open();
      seed = new Seeder(database.knex);
    });

    afterEach(() => database?.close());

    const names = async () =>
      (await database
        .knex('resources')
        .orderBy('name')
        .pluck('name')) as string[];

    it('deletes resources unseen since the cutoff with their descendants and readings', async () => {
      await seed.resource({
        type: 'Lambda',
        name: 'old',
        createdOn: hoursAgo(100),
        lastSeenOn: hoursAgo(50),
      });
      await seed.resource({
        type: 'LambdaDeployment',
        name: 'old/prod',
        parent: { type: 'Lambda', name: 'old' },
      });
      await seed.reading({
        resource: { type: 'LambdaDeployment', name: 'old/prod' },
        type: 'deployment-info',
        value: {},
      });
      await database.knex('reading_versions').insert({
        resource_id: resourceId('LambdaDeployment', 'old/prod'),
        type: 'deployment-info',
        valid_from: hoursAgo(60),
        value: '{}',
      });
      await seed.resource({
        type: 'Lambda',
        name: 'fresh',
        createdOn: hoursAgo(100),
        lastSeenOn: hoursAgo(1),
      });
      const deleted = await deleteStaleResources({
        knex: database.knex,
        type: 'Lambda',
        createdBefore: hoursAgo(0),
        missingSince: hoursAgo(24),
        batchSize: 1,
        reason: 'rule: Lambda not seen',
      });
      expect(deleted).toEqual({ resources: 1, descendants: 1, readings: 1 });
      expect(await names()).toEqual(['fresh']);
      // each deleted resource leaves a tombstone naming the rule, its versions go with it
      const tombstones = await database
        .knex('resource_tombstones')
        .orderBy('name')
        .select('type', 'name', 'parent_id', 'created_on', 'reason');
      expect(tombstones).toEqual([
        {
          type: 'Lambda',
          name: 'old',
          parent_id: null,
          created_on: hoursAgo(100),
          reason: 'rule: Lambda not seen',
        },
        expect.objectContaining({
          type: 'LambdaDeployment',
          name: 'old/prod',
          parent_id: resourceId('Lambda', 'old'),
          reason: 'rule: Lambda not seen',
        }),
      ]);
      expect(await database.knex('reading_versions').count()).toEqual([
        { count: '0' },
      ]);
    });

    it('with withoutReading, deletes the resources that have had no such reading since the cutoff', async () => {
      await seed.service({
        service: 's',
        environments: ['prod'],
        instances: 2,
      });
      await seed.reading({
        resource: { type: 'ServiceInstance', name: 's/prod/i-0' },
        type: 'health',
        value: { status: 'UP' },
        collectedAt: hoursAgo(1),
      });
      const deleted = await deleteStaleResources({
        knex: database.knex,
        type: 'ServiceInstance',
        withoutReading: 'health',
        createdBefore: new Date(Date.now() + 3600e3),
        missingSince: hoursAgo(6),
        batchSize: 10,
        reason: 'rule',
      });
      expect(deleted).toEqual({ resources: 1, descendants: 0, readings: 0 });
      expect(await names()).toEqual(['s', 's/prod', 's/prod/i-0']);
    });
  },
);
