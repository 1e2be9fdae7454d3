/**
 * Test fixture: opens the embedded database in the folder given as argument, says `ready`
 * on stdout, and waits to be stopped. With `--host-handler`, also listens to SIGTERM the way
 * a host such as Backstage does: it closes the database, then exits.
 */
import { openCockpitDatabase } from '../database';

async function main() {
  const database = await openCockpitDatabase({
    dataDir: process.argv[2],
    embedded: true,
    migrate: false,
  });
  if (process.argv.includes('--host-handler')) {
    process.on('SIGTERM', async () => {
      await database.close();
      process.exit(0);
    });
  }
  process.stdout.write('ready\n');
  setInterval(() => undefined, 60_000);
}

main().catch(error => {
  process.stderr.write(`${error}\n`);
  process.exit(1);
});
