import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { BackendFeature } from '@backstage/backend-plugin-api';
import cockpitPlugin from '../index';

/** Starts a test backend with the Cockpit plugin on the given database URL (housekeeping off). */
export async function startCockpitTestBackend(options: {
  databaseUrl: string;
  features?: BackendFeature[];
  config?: Record<string, unknown>;
}) {
  return startTestBackend({
    features: [
      cockpitPlugin,
      // Requests without a credential stay unauthenticated (the mock's default is a user).
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
      mockServices.rootConfig.factory({
        data: {
          cockpit: { database: { url: options.databaseUrl }, housekeeping: { enabled: false } },
          ...options.config,
        },
      }),
      ...(options.features ?? []),
    ],
  });
}
