import type { Knex } from 'knex';
import {
  CockpitDatabase,
  createKnex,
  testDatabaseEngines,
} from '@cockpit/store';
import {
  day,
  LIB_1,
  seedHistoryFixture,
} from '../__testUtils__/historyFixture';
import { dependencyUsageCalculation } from '../calculations/dependencyUsage';
import { deploymentVulnerabilitiesCalculation } from '../calculations/deploymentVulnerabilities';
import { serviceEventsCalculation } from '../calculations/serviceEvents';
import { serviceOverviewCalculation } from '../calculations/serviceOverview';
import { KnexCockpitStore } from './KnexCockpitStore';
import { supportsPreparedStatements } from './prepared';

jest.setTimeout(60_000);

/** The shipped calculations' answers on a store, now and as of a moment of the fixture. */
async function answers(store: KnexCockpitStore) {
  const out: unknown[] = [];
  for (const bound of [store, store.asOf(day(2, 12))]) {
    const context = { store: bound, unsafeKnex: () => store.unsafeKnex() };
    out.push(
      await serviceOverviewCalculation.run({
        ...context,
        params: { service: 'pay' },
      }),
      await serviceEventsCalculation.run({
        ...context,
        params: {
          service: 'pay',
          from: day(0).toISOString(),
          to: day(2, 12).toISOString(),
          limit: 100,
        },
      }),
      await deploymentVulnerabilitiesCalculation.run({
        ...context,
        params: { deployment: 'pay/production' },
      }),
      await dependencyUsageCalculation.run({
        ...context,
        params: dependencyUsageCalculation.params.parse({
          package: LIB_1.replace(/@.*/, ''),
        }),
      }),
      await bound.listChanges({ since: day(0), limit: 100 }),
    );
  }
  return out;
}

describe.each(testDatabaseEngines())('prepared reads on $name', engine => {
  let database: CockpitDatabase;

  beforeAll(async () => {
    database = await engine.open();
    await seedHistoryFixture(database.knex);
  });

  afterAll(() => database?.close());

  it('are used on a server unless configured off, never on the embedded engine', async () => {
    expect(await supportsPreparedStatements(database.knex, undefined)).toBe(
      engine.name === 'postgres',
    );
    expect(await supportsPreparedStatements(database.knex, true)).toBe(
      engine.name === 'postgres',
    );
    expect(await supportsPreparedStatements(database.knex, false)).toBe(false);
  });

  if (engine.name !== 'postgres') return;

  describe('on one pooled connection', () => {
    let knex: Knex;
    const statements = async () =>
      (
        await knex.raw(`SELECT name FROM pg_prepared_statements ORDER BY name`)
      ).rows.map((row: { name: string }) => row.name);

    beforeAll(() => {
      knex = createKnex({ url: database.url, pool: { min: 0, max: 1 } });
    });

    afterAll(() => knex?.destroy());

    it('answer as unprepared reads do, also once the server plans them generically', async () => {
      const expected = await answers(
        KnexCockpitStore.create({ knex: database.knex }),
      );
      const prepared = KnexCockpitStore.create({
        knex,
        preparedStatements: true,
      });
      // PostgreSQL tries a generic plan from a statement's sixth run on
      for (let run = 0; run < 7; run++)
        expect(await answers(prepared)).toEqual(expected);
      const names = await statements();
      expect(names.length).toBeGreaterThan(5);
      expect(
        names.every((name: string) => /^cockpit_[0-9a-f]{24}$/.test(name)),
      ).toBe(true);
    });

    it('prepare each read once per connection', async () => {
      const prepared = KnexCockpitStore.create({
        knex,
        preparedStatements: true,
      });
      await answers(prepared);
      const before = await statements();
      await answers(prepared);
      expect(await statements()).toEqual(before);
    });

    it('are not made by a store without them', async () => {
      const other = createKnex({ url: database.url, pool: { min: 0, max: 1 } });
      try {
        await answers(KnexCockpitStore.create({ knex: other }));
        const { rows } = await other.raw(
          `SELECT count(*)::int AS count FROM pg_prepared_statements`,
        );
        expect(rows[0].count).toBe(0);
      } finally {
        await other.destroy();
      }
    });
  });
});
