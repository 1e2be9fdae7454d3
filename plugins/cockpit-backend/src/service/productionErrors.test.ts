import path from 'node:path';
import request from 'supertest';
import { ConfigSources } from '@backstage/config-loader';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { z } from 'zod';
import {
  cockpitCalculationsExtensionPoint,
  defineCalculation,
} from '@cockpit/plugin-cockpit-node';
import {
  CockpitDatabase,
  findProjectRoot,
  openCockpitDatabase,
  startEmbeddedPostgres,
} from '@cockpit/store';
import { startCockpitTestBackend } from '../__testUtils__/backend';

jest.setTimeout(60_000);

const auth = mockCredentials.user.header();

/** The merged configuration `yarn start:backend` reads in production (both files, env substituted). */
async function productionConfig(): Promise<Record<string, unknown>> {
  const root = findProjectRoot(__dirname);
  const env: Record<string, string> = {
    COCKPIT_DATABASE_URL: 'postgresql://unused',
    BACKSTAGE_DATABASE_URL: 'postgresql://unused',
    COCKPIT_API_TOKEN: 'production-test-token',
  };
  const source = ConfigSources.default({
    rootDir: root,
    argv: [
      '--config',
      path.join(root, 'app-config.yaml'),
      '--config',
      path.join(root, 'app-config.production.yaml'),
    ],
    substitutionFunc: async name => env[name],
  });
  const config = await ConfigSources.toConfig(source);
  const data = config.get() as Record<string, unknown>;
  config.close();
  return data;
}

describe('the Cockpit API in production mode', () => {
  const nodeEnv = process.env.NODE_ENV;
  let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
  let backend: Awaited<ReturnType<typeof startCockpitTestBackend>>;
  let database: CockpitDatabase;

  beforeAll(async () => {
    // Backstage's error middleware decides on stack traces from NODE_ENV when it is built.
    process.env.NODE_ENV = 'production';
    embedded = await startEmbeddedPostgres();
    const config = await productionConfig();
    const failing = createBackendModule({
      pluginId: 'cockpit',
      moduleId: 'failing-calculation',
      register(env) {
        env.registerInit({
          deps: { calculations: cockpitCalculationsExtensionPoint },
          async init({ calculations }) {
            calculations.addCalculation(
              defineCalculation({
                name: 'fails',
                description: 'Throws an unexpected error',
                params: z.strictObject({}),
                run: async () => {
                  throw new Error('an unexpected failure');
                },
              }),
            );
          },
        });
      },
    });
    database = await openCockpitDatabase({ url: embedded.url });
    backend = await startCockpitTestBackend({
      knex: database.knex,
      config: {
        ...config,
        cockpit: {
          ...(config.cockpit as object),
          housekeeping: { enabled: false },
        },
      },
      // The permission policy is not what this test is about (production asks the permission backend).
      features: [
        failing,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await database?.close().catch(() => undefined);
    await embedded?.close();
    process.env.NODE_ENV = nodeEnv;
  });

  it('answers an unexpected error with 500 and no stack trace', async () => {
    const response = await request(backend.server)
      .get('/api/cockpit/calculations/fails')
      .set('authorization', auth);

    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toMatch(/stack|\n\s+at /);
  });

  it('answers 503 with Retry-After when the database is unavailable, without its address or a stack trace', async () => {
    const { port } = new URL(embedded.url);
    await embedded.close();

    const responses = [
      await request(backend.server)
        .post('/api/cockpit/ingest')
        .set('authorization', auth)
        .send({
          schemaVersion: 1,
          collector: 'c',
          messages: [{ kind: 'resource', type: 'Service', name: 's' }],
        }),
      await request(backend.server)
        .get('/api/cockpit/resources')
        .set('authorization', auth),
    ];

    for (const response of responses) {
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.body.error).toEqual({
        name: 'ServiceUnavailableError',
        message: 'the database is unavailable; try again later',
      });
      const text = JSON.stringify(response.body);
      expect(text).not.toContain('127.0.0.1');
      expect(text).not.toContain(port);
      expect(text).not.toMatch(/stack|ECONNREFUSED/);
    }
  });
});
