/*
 * A minimal real Backstage backend for the benchmark: the Cockpit plugin behind the
 * permission framework (allow-all policy), configured by app-config.yaml and the
 * environment (APP_CONFIG_backend_listen_port, COCKPIT_DATABASE_URL, COCKPIT_API_TOKEN).
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);
backend.add(import('../src'));
backend.start().catch(error => {
  process.stderr.write(
    `bench backend failed to start: ${error?.stack ?? error}\n`,
  );
  process.exit(1);
});
