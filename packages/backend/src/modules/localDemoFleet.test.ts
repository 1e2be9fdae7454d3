import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import cockpitPlugin from '@cockpit/plugin-cockpit-backend';
import {
  openCockpitDatabase,
  startEmbeddedPostgres,
  testDatabaseEngines,
} from '@cockpit/store';
import { cockpitLocalDemoFleetModule } from './localDemoFleet';

jest.setTimeout(120_000);

/**
 * The walking skeleton end to end: the demo-fleet collector publishes through the SDK's
 * in-process publisher into the sink core, and the data provider serves it over HTTP.
 */
describe.each(testDatabaseEngines())('local mode on $name', engine => {
  it('publishes the demo fleet in-process and serves it from the REST API', async () => {
    // The embedded engine serves one connection, shared by the openers of a URL this process
    // started; a server gets a fresh database of its own.
    const embedded =
      engine.name === 'pglite' ? await startEmbeddedPostgres({}) : undefined;
    const database = embedded
      ? await openCockpitDatabase({ url: embedded.url })
      : await engine.open();
    const backend = await startTestBackend({
      features: [
        cockpitPlugin,
        cockpitLocalDemoFleetModule,
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        mockServices.database.factory({ knex: database.knex }),
        mockServices.rootConfig.factory({
          data: {
            cockpit: {
              housekeeping: { enabled: false },
              localMode: {
                demoFleet: {
                  enabled: true,
                  fleet: { now: '2026-11-22T10:00:00.000Z' },
                },
              },
            },
          },
        }),
      ],
    });
    try {
      const auth = mockCredentials.user.header();
      let services: Array<{ name: string }> = [];
      for (let attempt = 0; attempt < 100 && services.length < 3; attempt++) {
        const response = await request(backend.server)
          .get('/api/cockpit/resources?type=Service')
          .set('authorization', auth);
        services = response.body.items ?? [];
        if (services.length < 3)
          await new Promise(resolve => setTimeout(resolve, 200));
      }
      expect(services.map(s => s.name).sort()).toEqual([
        'catalog-service',
        'checkout-service',
        'payment-service',
      ]);

      const overview = await request(backend.server)
        .get(
          '/api/cockpit/calculations/service-overview?service=payment-service',
        )
        .set('authorization', auth);
      expect(overview.status).toBe(200);
      expect(overview.body.ownership.team).toEqual(expect.any(String));
      expect(
        overview.body.deployments
          .map((d: { environment: string }) => d.environment)
          .sort(),
      ).toEqual(['production', 'staging']);

      const anonymous = await request(backend.server).get(
        '/api/cockpit/resources',
      );
      expect(anonymous.status).toBe(401);
    } finally {
      await backend.stop();
      await database.close();
      await embedded?.close();
    }
  });
});
