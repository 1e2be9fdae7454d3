import { Command } from 'commander';
import {
  migrateLatest,
  migrateRollback,
  migrationStatus,
} from '@cockpit/migrations';
import { openCockpitDatabase } from '@cockpit/store';

/** `cockpit db ...`: schema operations on `COCKPIT_DATABASE_URL` (or the embedded database). */
export function registerDbCommands(program: Command): void {
  const db = program
    .command('db')
    .description(
      'Database operations on COCKPIT_DATABASE_URL (the embedded database when unset)',
    );

  db.command('migrate')
    .description('Apply every pending migration')
    .action(async () => {
      const database = await openCockpitDatabase({ migrate: false });
      try {
        const applied = await migrateLatest({ knex: database.knex });
        process.stdout.write(
          applied.length
            ? `applied ${applied.length} migration(s) on ${
                database.engine
              }:\n${applied.map(m => `  ${m}`).join('\n')}\n`
            : `the ${database.engine} database is up to date\n`,
        );
      } finally {
        await database.close();
      }
    });

  db.command('status')
    .description('List applied and pending migrations')
    .action(async () => {
      const database = await openCockpitDatabase({ migrate: false });
      try {
        const { applied, pending } = await migrationStatus({
          knex: database.knex,
        });
        process.stdout.write(
          `${JSON.stringify(
            { engine: database.engine, applied, pending },
            null,
            2,
          )}\n`,
        );
      } finally {
        await database.close();
      }
    });

  db.command('rollback')
    .description('Revert the last batch of migrations (--all: every migration)')
    .option('--all', 'revert every migration')
    .action(async (options: { all?: boolean }) => {
      const database = await openCockpitDatabase({ migrate: false });
      try {
        const reverted = await migrateRollback({
          knex: database.knex,
          all: options.all,
        });
        process.stdout.write(`reverted ${reverted.length} migration(s)\n`);
      } finally {
        await database.close();
      }
    });
}
