import request from 'supertest';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import permissionBackend from '@backstage/plugin-permission-backend';
import allowAllPolicy from '@backstage/plugin-permission-backend-module-allow-all-policy';
import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import cockpitPlugin from '../index';
import { openSharedTestDatabase } from '../__testUtils__/database';
import { Seeder } from '../__testUtils__/seed';

jest.setTimeout(180_000);

const READ_TOKEN = 'read-only-token-for-scripts';
const INGEST_TOKEN = 'ingest-token-for-collectors';
const COCKPIT_TOKEN = 'cockpit-only-token';

/**
 * Static tokens as the deployment docs configure them, checked by Backstage's own auth,
 * HTTP auth and permission services (with the permission backend and its allow-all policy):
 * the restriction comes from the token, not from a policy.
 */
async function startBackendWithStaticTokens(
  database: CockpitDatabase,
  permissionDatabase: CockpitDatabase,
  audited: AuditRecord[],
) {
  // Each plugin its own database, as in a deployment: the permission backend's auth
  // service keeps its keys in tables the Cockpit plugin's auth service would also create.
  const databases = createServiceFactory({
    service: coreServices.database,
    deps: { plugin: coreServices.pluginMetadata },
    factory: ({ plugin }) => {
      const { knex } =
        plugin.getId() === 'cockpit' ? database : permissionDatabase;
      return { getClient: async () => knex };
    },
  });
  // Backstage's auditor mock, recording each event with how it ended.
  const auditor = mockServices.auditor.mock({
    createEvent: async options => {
      const record: AuditRecord = {
        eventId: options.eventId,
        caller: options.request?.headers.authorization,
      };
      audited.push(record);
      return {
        success: async ({ meta } = {}) => {
          record.outcome = { status: 'succeeded', meta };
        },
        fail: async ({ error }) => {
          record.outcome = { status: 'failed', error: error.message };
        },
      };
    },
  });
  return startTestBackend({
    features: [
      auditor.factory,
      cockpitPlugin,
      permissionBackend,
      allowAllPolicy,
      authServiceFactory,
      httpAuthServiceFactory,
      permissionsServiceFactory,
      databases,
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          backend: {
            auth: {
              externalAccess: [
                {
                  type: 'static',
                  options: { token: READ_TOKEN, subject: 'cockpit-scripts' },
                  accessRestrictions: [
                    { plugin: 'cockpit', permission: ['cockpit.read'] },
                  ],
                },
                {
                  type: 'static',
                  options: {
                    token: INGEST_TOKEN,
                    subject: 'cockpit-collectors',
                  },
                  accessRestrictions: [
                    { plugin: 'cockpit', permission: ['cockpit.ingest'] },
                  ],
                },
                {
                  type: 'static',
                  options: { token: COCKPIT_TOKEN, subject: 'cockpit-dev' },
                  accessRestrictions: [{ plugin: 'cockpit' }],
                },
              ],
            },
          },
          cockpit: { housekeeping: { enabled: false } },
        },
      }),
    ],
  });
}

interface AuditRecord {
  eventId: string;
  caller?: string;
  outcome?: { status: string; meta?: unknown; error?: string };
}

const batch = JSON.stringify({
  schemaVersion: 1,
  collector: 'access-test',
  messages: [{ kind: 'resource', type: 'Service', name: 'access-service' }],
});

describe.each(testDatabaseEngines())('static tokens on $name', engine => {
  let database: CockpitDatabase;
  let permissionDatabase: CockpitDatabase;
  let backend: Awaited<ReturnType<typeof startBackendWithStaticTokens>>;
  const audited: AuditRecord[] = [];

  beforeAll(async () => {
    database = await openSharedTestDatabase(engine);
    await new Seeder(database.knex).resource({
      type: 'Service',
      name: 'payment-service',
    });
    permissionDatabase = await openSharedTestDatabase(engine);
    backend = await startBackendWithStaticTokens(
      database,
      permissionDatabase,
      audited,
    );
  });

  afterAll(async () => {
    await backend?.stop();
    await database?.close();
    await permissionDatabase?.close();
  });

  const get = (path: string, token: string) =>
    request(backend.server)
      .get(`/api/cockpit${path}`)
      .set('authorization', `Bearer ${token}`);
  const ingest = (token: string) =>
    request(backend.server)
      .post('/api/cockpit/ingest')
      .set('authorization', `Bearer ${token}`)
      .set('content-type', 'application/json')
      .send(batch);

  it('lets the read-only token read resources', async () => {
    const response = await get('/resources?type=Service', READ_TOKEN);
    expect(response.status).toBe(200);
    expect(response.body.items.map((r: { name: string }) => r.name)).toContain(
      'payment-service',
    );
  });

  it('refuses the read-only token the rejections, which can hold leaked secrets', async () => {
    const response = await get('/rejections', READ_TOKEN);
    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain('cockpit.rejections.read');
  });

  it('refuses the read-only token an ingest', async () => {
    const response = await ingest(READ_TOKEN);
    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain('cockpit.ingest');
  });

  it('lets the ingest token publish a batch but not read', async () => {
    expect((await ingest(INGEST_TOKEN)).status).toBe(200);
    expect((await get('/resources', INGEST_TOKEN)).status).toBe(403);
  });

  it('audits an ingest with its caller and what was stored', async () => {
    audited.length = 0;
    await ingest(INGEST_TOKEN);
    expect(audited).toEqual([
      {
        eventId: 'ingest',
        caller: `Bearer ${INGEST_TOKEN}`,
        outcome: { status: 'succeeded', meta: { accepted: 1, rejected: 0 } },
      },
    ]);
  });

  it('lets a token restricted to the plugin alone list the rejections', async () => {
    const response = await get('/rejections', COCKPIT_TOKEN);
    expect(response.status).toBe(200);
  });

  it('answers 401 to a token it does not know', async () => {
    expect((await get('/resources', 'not-a-configured-token')).status).toBe(
      401,
    );
  });
});
