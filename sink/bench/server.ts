/** The PostgreSQL server side of `yarn bench:sink`: fresh databases, row counts, checkpoints. */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createKnex, openCockpitDatabase } from '@cockpit/store';

const SERVER_URL = process.env.COCKPIT_DATABASE_URL;

/** A fresh migrated database on the server; dropped by the returned function. */
export async function freshDatabase(
  label: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cockpit_bench_${label}_${randomBytes(4).toString('hex')}`;
  const admin = createKnex({ url: SERVER_URL!, pool: { max: 1 } });
  try {
    await admin.raw(`CREATE DATABASE ${name}`);
    // BENCH_TRACE=1: time spent in the parent check function, as PostgreSQL counts it.
    if (process.env.BENCH_TRACE === '1')
      await admin.raw(`ALTER DATABASE ${name} SET track_functions = 'pl'`);
  } finally {
    await admin.destroy();
  }
  const url = new URL(SERVER_URL!);
  url.pathname = `/${name}`;
  const database = await openCockpitDatabase({
    url: url.toString(),
    migrate: true,
  });
  await database.close();
  return {
    url: url.toString(),
    async drop() {
      const cleanup = createKnex({ url: SERVER_URL!, pool: { max: 1 } });
      try {
        await cleanup.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleanup.destroy();
      }
    },
  };
}

export async function countRows(url: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT
      (SELECT count(*)::int FROM resources) AS resources,
      (SELECT count(*)::int FROM resources WHERE parent_id IS NOT NULL) AS with_parent,
      (SELECT count(*)::int FROM readings WHERE storage_mode = 'SNAPSHOT') AS snapshots,
      (SELECT count(*)::int FROM readings WHERE storage_mode = 'TIME_SERIES') AS points,
      (SELECT count(*)::int FROM rejections) AS rejections,
      (SELECT count(*)::int FROM reading_versions) AS versions`);
    return rows[0];
  } finally {
    await client.end();
  }
}

/** The history's size on disk: `reading_versions` with its indexes and TOAST, and its rows. */
export async function historySize(
  url: string,
): Promise<{ bytes: number; rows: number }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE reading_versions');
    const { rows } = await client.query(`SELECT
      pg_total_relation_size('reading_versions')::bigint AS bytes,
      (SELECT count(*)::int FROM reading_versions) AS rows`);
    return { bytes: Number(rows[0].bytes), rows: rows[0].rows };
  } finally {
    await client.end();
  }
}

let checkpointRefused = false;

/**
 * Flushes the server's dirty pages before a measured run, so that no run pays for a checkpoint
 * the previous ones made due (its writes and the full-page images it forces into the WAL).
 * Needs a superuser or the pg_checkpoint role; without it the runs go on, less comparable.
 */
export async function checkpoint() {
  if (checkpointRefused) return;
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query('CHECKPOINT');
  } catch (error) {
    checkpointRefused = true;
    process.stderr.write(
      `no CHECKPOINT before each run (${
        (error as Error).message
      }): figures vary more\n`,
    );
  } finally {
    await client.end();
  }
}
