import path from 'node:path';
import type { Knex } from 'knex';

/** The folder holding the migration files. */
// The sink Lambda and the CLI use this package outside Backstage: no resolvePackagePath.
// eslint-disable-next-line no-restricted-syntax
export const migrationsDirectory = path.resolve(__dirname, '../migrations');

const migrationConfig: Knex.MigratorConfig = {
  directory: migrationsDirectory,
  tableName: 'cockpit_migrations',
  loadExtensions: ['.js'],
};

/** Applies every pending migration; returns the names it applied. */
export async function migrateLatest(options: {
  knex: Knex;
}): Promise<string[]> {
  const [, applied] = await options.knex.migrate.latest(migrationConfig);
  return applied as string[];
}

/** Reverts the last batch of migrations (or all of them); returns the names it reverted. */
export async function migrateRollback(options: {
  knex: Knex;
  all?: boolean;
}): Promise<string[]> {
  const [, reverted] = await options.knex.migrate.rollback(
    migrationConfig,
    options.all ?? false,
  );
  return reverted as string[];
}

/** Pending and applied migrations. */
export async function migrationStatus(options: {
  knex: Knex;
}): Promise<{ applied: string[]; pending: string[] }> {
  const [applied, pending] = await options.knex.migrate.list(migrationConfig);
  return {
    applied: (applied as Array<{ name: string }>).map(m => m.name),
    pending: (pending as Array<{ file: string }>).map(m => m.file),
  };
}
