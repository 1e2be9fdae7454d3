import { resourceId } from '@cockpit/plugin-cockpit-common';
import { migrateLatest, migrateUpTo } from '@cockpit/migrations';
import { testDatabaseEngines } from '../testing';
import { ingestBatches } from './ingestBatches';

jest.setTimeout(120_000);

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();

describe.each(testDatabaseEngines())(
  'the history migration on $name',
  engine => {
    it('moves a populated store forward: the current readings become the first versions', async () => {
      const database = await engine.open({ migrate: false });
      const { knex } = database;
      try {
        await migrateUpTo({ knex, name: 'parent_state_v3' });
        const id = resourceId('Service', 'pay');
        await knex('resources').insert({ id, type: 'Service', name: 'pay' });
        await knex('readings').insert([
          {
            resource_id: id,
            type: 'ownership',
            value: JSON.stringify({ team: 'payments' }),
            storage_mode: 'SNAPSHOT',
            collected_at: at(5),
            created_on: at(6),
          },
          {
            resource_id: id,
            type: 'cpu',
            value: '1',
            storage_mode: 'TIME_SERIES',
            collected_at: at(5),
          },
        ]);

        const applied = await migrateLatest({ knex });
        expect(applied[0]).toMatch(/20261202000000_history/);
        expect(
          await knex('reading_versions').select('type', 'valid_from', 'value'),
        ).toEqual([
          {
            type: 'ownership',
            valid_from: new Date(at(5)),
            value: { team: 'payments' },
          },
        ]);
        expect(
          await knex('readings').orderBy('type').select('type', 'value_since'),
        ).toEqual([
          { type: 'cpu', value_since: null },
          { type: 'ownership', value_since: new Date(at(5)) },
        ]);
        // and the sink writes on it: a change starts the second version
        await ingestBatches({
          knex,
          batches: [
            {
              body: JSON.stringify({
                schemaVersion: 1,
                collector: 'history-test',
                messages: [
                  {
                    kind: 'reading',
                    type: 'ownership',
                    resource: { type: 'Service', name: 'pay' },
                    value: { team: 'platform' },
                    collectedAt: at(9),
                  },
                ],
              }),
              source: 'local',
              receivedAt: new Date(T0),
            },
          ],
        });
        expect(await knex('reading_versions').count()).toEqual([
          { count: '2' },
        ]);
      } finally {
        await database.close();
      }
    });
  },
);
