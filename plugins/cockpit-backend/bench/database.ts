/*
 * The database a benchmark runs on: created afresh on the server and loaded, or with
 * COCKPIT_BENCH_REUSE=1 kept when it already holds the same fixture (a marker table written
 * after the load says which).
 */
import type { Knex } from 'knex';
import { migrateLatest } from '@cockpit/migrations';
import { createKnex } from '@cockpit/store';

/** What a bench database was loaded with: one column of the marker table `bench_fixture`. */
export interface BenchFixtureMarker {
  column: string;
  /** The column's SQL type, e.g. `double precision` or `text`. */
  sqlType: string;
  value: string | number;
}

/** Whether the database at `url` holds the fixture `marker` describes (then brought to the latest migration). */
async function holdsFixture(
  url: string,
  marker: BenchFixtureMarker,
): Promise<boolean> {
  const knex = createKnex({ url, pool: { min: 0, max: 1 } });
  try {
    const found = await knex
      .raw(`SELECT ${marker.column} FROM bench_fixture`)
      .catch(() => ({ rows: [] }));
    if (found.rows[0]?.[marker.column] !== marker.value) return false;
    await migrateLatest({ knex });
    return true;
  } finally {
    await knex.destroy();
  }
}

/**
 * Prepares the database `databaseName` on the server at `serverUrl`: kept when `reuse` is set
 * and it holds the same fixture, else dropped, created, migrated, loaded with `load` and
 * marked. Returns its URL.
 */
export async function prepareBenchDatabase(options: {
  serverUrl: string;
  databaseName: string;
  marker: BenchFixtureMarker;
  reuse: boolean;
  load(knex: Knex): Promise<void>;
  log(line: string): void;
}): Promise<string> {
  const { serverUrl, databaseName, marker, log } = options;
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  const admin = createKnex({ url: serverUrl, pool: { min: 0, max: 1 } });
  try {
    const exists =
      (
        await admin.raw(`SELECT 1 FROM pg_database WHERE datname = ?`, [
          databaseName,
        ])
      ).rows.length > 0;
    if (
      options.reuse &&
      exists &&
      (await holdsFixture(url.toString(), marker))
    ) {
      log(
        `reusing database ${databaseName} (${marker.column} ${marker.value})`,
      );
      return url.toString();
    }
    await admin.raw(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.raw(`CREATE DATABASE ${databaseName}`);
  } finally {
    await admin.destroy();
  }
  const knex = createKnex({ url: url.toString(), pool: { min: 0, max: 3 } });
  try {
    await migrateLatest({ knex });
    await options.load(knex);
    await knex.raw(
      `CREATE TABLE bench_fixture (${marker.column} ${marker.sqlType})`,
    );
    await knex.raw(`INSERT INTO bench_fixture VALUES (?)`, [marker.value]);
  } finally {
    await knex.destroy();
  }
  return url.toString();
}
