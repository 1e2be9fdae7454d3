import {
  defaultEmbeddedDataDir,
  EmbeddedPostgres,
  startEmbeddedPostgres,
} from '@cockpit/store';

/**
 * The Backstage plugins of this backend that keep state in a database, Cockpit aside. Locally
 * each gets an in-memory embedded PostgreSQL of its own: PGlite is one session shared by every
 * connection, so plugins must not share one through session state such as search_path.
 */
export const BACKSTAGE_DATABASE_PLUGINS = [
  'app',
  'auth',
  'catalog',
  'permission',
];

/** The static token scripts use locally when `COCKPIT_API_TOKEN` is not set. */
export const DEVELOPMENT_API_TOKEN = 'cockpit-dev-token';

/**
 * Prepares the process environment for a local run: without `COCKPIT_DATABASE_URL`, starts
 * the embedded PostgreSQL of the Cockpit store (files under `.cockpit-data/`) and points the
 * variable (and so the Cockpit plugin's database) at it, and gives each Backstage plugin an in-memory one (the catalog reloads
 * from catalog-info.yaml at start, as with Backstage's default in-memory SQLite). Gives
 * `COCKPIT_API_TOKEN` its development default outside production.
 */
export async function prepareLocalEnvironment(options: {
  log: (message: string) => void;
}): Promise<{ embedded: EmbeddedPostgres[] }> {
  const production = process.env.NODE_ENV === 'production';
  if (!process.env.COCKPIT_API_TOKEN && !production) {
    process.env.COCKPIT_API_TOKEN = DEVELOPMENT_API_TOKEN;
    options.log(
      `COCKPIT_API_TOKEN is not set: scripts may use the development token "${DEVELOPMENT_API_TOKEN}"`,
    );
  }
  if (process.env.COCKPIT_DATABASE_URL) {
    return { embedded: [] };
  }
  if (production) {
    throw new Error(
      'COCKPIT_DATABASE_URL must name a PostgreSQL server in production (the embedded database is for local use)',
    );
  }
  const dataDir = defaultEmbeddedDataDir();
  const [store, ...pluginDatabases] = await Promise.all([
    startEmbeddedPostgres({ dataDir }),
    ...BACKSTAGE_DATABASE_PLUGINS.map(() => startEmbeddedPostgres({})),
  ]);
  process.env.COCKPIT_DATABASE_URL = store.url;
  // The Cockpit plugin's database is the store itself (backend.database.plugin.cockpit in
  // app-config.yaml names COCKPIT_DATABASE_URL), and serves one connection. Every embedded
  // database exists already: no plugin may open an administration connection to check, as
  // that goes to backend.database.connection (the store) beside the plugin's own pool.
  process.env.APP_CONFIG_backend_database_ensureExists = 'false';
  process.env.APP_CONFIG_backend_database_plugin_cockpit_knexConfig =
    JSON.stringify({ pool: { min: 0, max: 1 } });
  BACKSTAGE_DATABASE_PLUGINS.forEach((pluginId, index) => {
    process.env[`APP_CONFIG_backend_database_plugin_${pluginId}_connection`] =
      JSON.stringify(pluginDatabases[index].url);
    // One connection per embedded database, as Backstage uses in-memory SQLite.
    process.env[`APP_CONFIG_backend_database_plugin_${pluginId}_knexConfig`] =
      JSON.stringify({ pool: { min: 0, max: 1 } });
  });
  options.log(
    `embedded PostgreSQL (PGlite) of the Cockpit store in ${dataDir}, at ${store.url}`,
  );
  return { embedded: [store, ...pluginDatabases] };
}
