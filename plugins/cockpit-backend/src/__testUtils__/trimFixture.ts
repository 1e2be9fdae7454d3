import type { Knex } from 'knex';
import type { CockpitDatabase, TestDatabaseEngine } from '@cockpit/store';
import { Seeder } from './seed';

/** Writes one row of the trim fixture: of service `name`, at `at`, valued `value`. */
export type TrimFixtureRow = (row: {
  seed: Seeder;
  knex: Knex;
  name: string;
  at: Date;
  value: string;
}) => Promise<void>;

/**
 * The database of a trim test (retention "keep the newest N per resource"), open for the
 * tests of the calling `describe` block: services `a` and `b` with one row a day from
 * 1 November 2026, five of `a` and two of `b`, each valued `<service><day>` (`a1` ... `a5`,
 * `b1`, `b2`), written by `writeRow`. Keeping three of each leaves `a3`, `a4`, `a5`, `b1`, `b2`.
 * Returns the database's knex, once it is open.
 */
export function useTrimFixture(
  engine: TestDatabaseEngine,
  writeRow: TrimFixtureRow,
): () => Knex {
  let database: CockpitDatabase | undefined;

  beforeAll(async () => {
    database = await engine.open();
    const { knex } = database;
    const seed = new Seeder(knex);
    for (const name of ['a', 'b']) {
      await seed.resource({ type: 'Service', name });
      const rows = name === 'a' ? 5 : 2;
      for (let day = 1; day <= rows; day++) {
        await writeRow({
          seed,
          knex,
          name,
          at: new Date(Date.UTC(2026, 10, day)),
          value: `${name}${day}`,
        });
      }
    }
  });

  afterAll(() => database?.close());

  return () => database!.knex;
}
