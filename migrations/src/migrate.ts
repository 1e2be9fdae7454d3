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

/**
 * Applies pending migrations one at a time up to and including the first whose name contains
 * `name` (a store as an earlier release left it, for testing how a later one moves it
 * forward); returns the names it applied. Fails when no pending migration matches.
 */
export async function migrateUpTo(options: {
  knex: Knex;
  name: string;
}): Promise<string[]> {
  const applied: string[] = [];
  for (;;) {
    const [, names] = await options.knex.migrate.up(migrationConfig);
    if ((names as string[]).length === 0)
      throw new Error(`No pending migration is named like "${options.name}"`);
    applied.push(...(names as string[]));
    if ((names as string[]).some(n => n.includes(options.name))) return applied;
  }
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
