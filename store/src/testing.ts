import { randomBytes } from 'node:crypto';
import { createKnex, CockpitDatabase, openCockpitDatabase } from './database';

/** One database engine the test suites run on. */
export interface TestDatabaseEngine {
  /** `pglite` always; `postgres` when `COCKPIT_DATABASE_URL` names a server. */
  name: 'pglite' | 'postgres';
  /** Opens a fresh, empty, migrated database that belongs to the calling suite alone. */
  open(options?: { migrate?: boolean }): Promise<CockpitDatabase>;
}

/**
 * The engines store and sink tests run on: the embedded PostgreSQL always, and the
 * server at `COCKPIT_DATABASE_URL` too when it is set. Use with `describe.each`.
 *
 * On a server, each call creates its own database (`cockpit_test_<random>`) and drops it on close,
 * so parallel suites never see each other's rows.
 */
export function testDatabaseEngines(): TestDatabaseEngine[] {
  const engines: TestDatabaseEngine[] = [
    {
      name: 'pglite',
      open: options =>
        openCockpitDatabase({
          embedded: true,
          dataDir: 'memory',
          migrate: options?.migrate,
        }),
    },
  ];
  const serverUrl = process.env.COCKPIT_DATABASE_URL;
  if (serverUrl) {
    engines.push({
      name: 'postgres',
      async open(options) {
        const databaseName = `cockpit_test_${randomBytes(6).toString('hex')}`;
        const admin = createKnex({ url: serverUrl, pool: { min: 0, max: 1 } });
        try {
          await admin.raw(`CREATE DATABASE ${databaseName}`);
        } finally {
          await admin.destroy();
        }
        const url = new URL(serverUrl);
        url.pathname = `/${databaseName}`;
        const database = await openCockpitDatabase({
          url: url.toString(),
          migrate: options?.migrate,
          pool: { min: 0, max: 20 },
        });
        return {
          ...database,
          async close() {
            await database.close();
            const cleanup = createKnex({
              url: serverUrl,
              pool: { min: 0, max: 1 },
            });
            try {
              await cleanup.raw(
                `DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`,
              );
            } finally {
              await cleanup.destroy();
            }
          },
        };
      },
    });
  }
  return engines;
}
