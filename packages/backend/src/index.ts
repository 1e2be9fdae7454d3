/*
 * The Cockpit backend: Backstage with the catalog and the Cockpit plugins.
 *
 * Locally (no COCKPIT_DATABASE_URL) it starts the embedded PostgreSQL first and, through the
 * local-mode module, publishes the demo fleet with the in-process sink.
 */
import { createBackend } from '@backstage/backend-defaults';
import { prepareLocalEnvironment } from './localEnvironment';
import { cockpitLocalDemoFleetModule } from './modules/localDemoFleet';

async function main() {
  const { embedded } = await prepareLocalEnvironment({
    log: message => process.stdout.write(`[cockpit] ${message}\n`),
  });

  const backend = createBackend();
  backend.add(import('@backstage/plugin-app-backend'));
  backend.add(import('@backstage/plugin-auth-backend'));
  backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(import('@backstage/plugin-permission-backend'));
  backend.add(
    import('@backstage/plugin-permission-backend-module-allow-all-policy'),
  );
  backend.add(import('@cockpit/plugin-cockpit-backend'));
  backend.add(cockpitLocalDemoFleetModule);
  await backend.start();

  if (embedded.length) {
    const shutdown = async () => {
      await backend.stop();
      await Promise.all(embedded.map(database => database.close()));
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  }
}

main().catch(error => {
  process.stderr.write(
    `[cockpit] backend failed to start: ${error?.stack ?? error}\n`,
  );
  process.exit(1);
});
