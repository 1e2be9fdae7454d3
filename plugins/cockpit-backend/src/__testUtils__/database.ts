import {
  CockpitDatabase,
  openCockpitDatabase,
  startEmbeddedPostgres,
  TestDatabaseEngine,
} from '@cockpit/store';

/**
 * A fresh database of the engine that a test backend in this process can open too.
 *
 * The embedded engine serves a single connection, which the store shares between the
 * openers of a URL it started; `engine.open()` keeps a pool of its own, so on PGlite the
 * test opens the started URL like the plugin does, and both share that one connection.
 */
export async function openSharedTestDatabase(
  engine: TestDatabaseEngine,
): Promise<CockpitDatabase> {
  if (engine.name !== 'pglite') return engine.open();
  const embedded = await startEmbeddedPostgres({});
  const database = await openCockpitDatabase({ url: embedded.url });
  return {
    ...database,
    async close() {
      await database.close();
      await embedded.close();
    },
  };
}
