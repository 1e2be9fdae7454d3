import knexFactory, { Knex } from 'knex';
import { migrateLatest } from '@cockpit/migrations';
import {
  embeddedInThisProcess,
  EmbeddedPostgres,
  startEmbeddedPostgres,
} from './embedded';
import { defaultEmbeddedDataDir } from './projectRoot';

export { EmbeddedPostgresError, startEmbeddedPostgres } from './embedded';
export type { EmbeddedPostgres } from './embedded';
export { defaultEmbeddedDataDir, findProjectRoot } from './projectRoot';

/** Which engine a {@link CockpitDatabase} runs on. */
export type DatabaseEngine = 'pglite' | 'postgres';

/** An open Cockpit database: a knex instance and how to close it. */
export interface CockpitDatabase {
  knex: Knex;
  /** The PostgreSQL URL knex is connected to (for the embedded engine, its local socket). */
  url: string;
  engine: DatabaseEngine;
  /** Destroys the pool and, for the embedded engine, stops it. */
  close(): Promise<void>;
}

/** Creates a knex instance for a PostgreSQL URL with sensible pool settings. */
export function createKnex(options: {
  url: string;
  pool?: { min?: number; max?: number };
  applicationName?: string;
}): Knex {
  return knexFactory({
    client: 'pg',
    connection: {
      connectionString: options.url,
      application_name: options.applicationName ?? 'cockpit',
    },
    pool: {
      min: options.pool?.min ?? 0,
      max: options.pool?.max ?? 10,
      idleTimeoutMillis: 30_000,
    },
    acquireConnectionTimeout: 30_000,
  });
}

/**
 * Another handle on an embedded database this process started: its one shared pool (the
 * engine serves a single connection), migrated once for all handles, destroyed with the last.
 */
async function openShared(
  url: string,
  shared: NonNullable<ReturnType<typeof embeddedInThisProcess.get>>,
  migrate: boolean,
): Promise<CockpitDatabase> {
  shared.knex ??= createKnex({ url, pool: { min: 0, max: 1 } });
  shared.refs += 1;
  const sharedKnex = shared.knex;
  let closed = false;
  const database: CockpitDatabase = {
    knex: sharedKnex,
    url,
    engine: 'pglite',
    async close() {
      if (closed) return;
      closed = true;
      shared.refs -= 1;
      if (shared.refs === 0) {
        shared.knex = undefined;
        shared.migrated = undefined;
        await sharedKnex.destroy();
      }
    },
  };
  if (migrate) {
    shared.migrated ??= migrateLatest({ knex: sharedKnex });
    try {
      await shared.migrated;
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}

/**
 * Opens the Cockpit database: the server at `url` (or `COCKPIT_DATABASE_URL`) when given,
 * otherwise the embedded PostgreSQL with its files under `dataDir` (`'memory'` keeps it in memory).
 * Applies the migrations unless `migrate` is false.
 *
 * @example
 * const db = await openCockpitDatabase({ dataDir: 'memory' });
 * await db.knex('resources').count();
 * await db.close();
 */
export async function openCockpitDatabase(
  options: {
    url?: string;
    dataDir?: string | 'memory';
    migrate?: boolean;
    pool?: { min?: number; max?: number };
    applicationName?: string;
    /** Use the embedded PostgreSQL even when `COCKPIT_DATABASE_URL` is set. */
    embedded?: boolean;
  } = {},
): Promise<CockpitDatabase> {
  const url = options.embedded
    ? undefined
    : options.url ?? process.env.COCKPIT_DATABASE_URL;
  const shared = url ? embeddedInThisProcess.get(url) : undefined;
  if (url && shared) return openShared(url, shared, options.migrate !== false);
  let embedded: EmbeddedPostgres | undefined;
  let connectionUrl: string;
  if (url) {
    connectionUrl = url;
  } else {
    embedded = await startEmbeddedPostgres({
      dataDir:
        options.dataDir === 'memory'
          ? undefined
          : options.dataDir ?? defaultEmbeddedDataDir(),
    });
    connectionUrl = embedded.url;
  }
  const knex = createKnex({
    url: connectionUrl,
    // The embedded engine serves a single connection (see startEmbeddedPostgres).
    pool: embedded ? { min: 0, max: 1 } : options.pool,
    applicationName: options.applicationName,
  });
  const database: CockpitDatabase = {
    knex,
    url: connectionUrl,
    engine: embedded ? 'pglite' : 'postgres',
    async close() {
      await knex.destroy();
      await embedded?.close();
    },
  };
  if (options.migrate !== false) {
    try {
      await migrateLatest({ knex });
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}
