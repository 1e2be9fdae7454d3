import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { BackendFeature } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import cockpitPlugin from '../index';

/** Starts a test backend with the Cockpit plugin on the given database (housekeeping off). */
export async function startCockpitTestBackend(options: {
  knex: Knex;
  features?: BackendFeature[];
  config?: Record<string, unknown>;
}) {
  return startTestBackend({
    features: [
      cockpitPlugin,
      // Requests without a credential stay unauthenticated (the mock's default is a user).
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      // The plugin's database service hands out the test's database, as coreServices.database
      // hands out the one configured under backend.database.
      mockServices.database.factory({ knex: options.knex }),
      mockServices.rootConfig.factory({
        data: {
          cockpit: { housekeeping: { enabled: false } },
          ...options.config,
        },
      }),
      ...(options.features ?? []),
    ],
  });
}
