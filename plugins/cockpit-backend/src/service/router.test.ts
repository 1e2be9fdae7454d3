import request from 'supertest';
import { z } from 'zod';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { resourceId } from '@cockpit/plugin-cockpit-common';
import {
  cockpitCalculationsExtensionPoint,
  defineCalculation,
} from '@cockpit/plugin-cockpit-node';
import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { openSharedTestDatabase } from '../__testUtils__/database';
import { Seeder } from '../__testUtils__/seed';
import { startCockpitTestBackend } from '../__testUtils__/backend';

jest.setTimeout(60_000);

const auth = mockCredentials.user.header();

describe.each(testDatabaseEngines())('the Cockpit API on $name', engine => {
  let database: CockpitDatabase;
  let server: Awaited<ReturnType<typeof startCockpitTestBackend>>['server'];
  let stop: () => Promise<void>;
  let seed: Seeder;

  beforeAll(async () => {
    database = await openSharedTestDatabase(engine);
    seed = new Seeder(database.knex);
    const echoModule = createBackendModule({
      pluginId: 'cockpit',
      moduleId: 'test-calculations',
      register(env) {
        env.registerInit({
          deps: { calculations: cockpitCalculationsExtensionPoint },
          async init({ calculations }) {
            calculations.addCalculation(
              defineCalculation({
                name: 'instance-health',
                description:
                  "Health of a service's instances, read through the store",
                params: z.strictObject({ service: z.string().min(1) }),
                run: async ({ store, params }) => {
                  const tree = await store.getSubtree({
                    rootId: resourceId('Service', params.service),
                  });
                  const { readings, invalid } = await store.readCurrent({
                    resourceIds: tree.map(resource => resource.id),
                    types: ['health'],
                  });
                  const names = new Map(
                    tree.map(resource => [resource.id, resource.name]),
                  );
                  return {
                    health: Object.fromEntries(
                      readings.map(r => [
                        names.get(r.resourceId),
                        r.value.status,
                      ]),
                    ),
                    invalid: invalid.map(i => ({
                      resource: names.get(i.resourceId),
                      type: i.type,
                      field: i.field,
                    })),
                  };
                },
              }),
              defineCalculation({
                name: 'count-resources',
                description:
                  'Counts resources of a type (through the SQL escape hatch)',
                params: z.strictObject({ type: z.string().min(1) }),
                run: async ({ unsafeKnex, params }) => {
                  const [{ n }] = await unsafeKnex()('resources')
                    .where('type', params.type)
                    .count({ n: '*' });
                  return { type: params.type, count: Number(n) };
                },
              }),
            );
          },
        });
      },
    });
    const backend = await startCockpitTestBackend({
      knex: database.knex,
      features: [echoModule],
    });
    server = backend.server;
    stop = () => backend.stop();
    await seed.service({
      service: 'payment-service',
      environments: ['prod', 'qa'],
      instances: 2,
    });
    for (let i = 0; i < 23; i++) {
      await seed.resource({
        type: 'Service',
        name: `svc-${String(i).padStart(2, '0')}`,
      });
    }
  });

  afterAll(async () => {
    await stop?.();
    await database?.close();
  });

  it('answers 401 without a credential', async () => {
    const response = await request(server).get('/api/cockpit/resources');
    expect(response.status).toBe(401);
    expect(response.body.error.name).toBe('AuthenticationError');
  });

  it("accepts another plugin's service credential", async () => {
    const response = await request(server)
      .get('/api/cockpit/resources')
      .query({ type: 'Service', name: 'payment-service' })
      .set('authorization', mockCredentials.service.header());
    expect(response.status).toBe(200);
    expect(response.body.items).toHaveLength(1);
  });

  it('answers 403 when the permission policy denies cockpit.read', async () => {
    const denied = await startCockpitTestBackend({
      knex: database.knex,
      features: [
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ],
    });
    try {
      const response = await request(denied.server)
        .get('/api/cockpit/resources')
        .set('authorization', auth);
      expect(response.status).toBe(403);
      expect(response.body.error.message).toContain('cockpit.read');
    } finally {
      await denied.stop();
    }
  });

  it('filters resources by type and name substring', async () => {
    const response = await request(server)
      .get('/api/cockpit/resources')
      .query({ type: 'ServiceInstance', q: 'PROD' })
      .set('authorization', auth);
    expect(response.status).toBe(200);
    expect(response.body.items.map((r: { name: string }) => r.name)).toEqual([
      'payment-service/prod/i-0',
      'payment-service/prod/i-1',
    ]);
    expect(response.body.nextCursor).toBeUndefined();
  });

  it('treats LIKE wildcards in q literally', async () => {
    const response = await request(server)
      .get('/api/cockpit/resources')
      .query({ q: '%' })
      .set('authorization', auth);
    expect(response.body.items).toEqual([]);
  });

  it('walks every resource exactly once through the cursor, even when rows are added meanwhile', async () => {
    const all = (
      await request(server)
        .get('/api/cockpit/resources')
        .query({ limit: 1000 })
        .set('authorization', auth)
    ).body.items.map((r: { id: string }) => r.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const response = await request(server)
        .get('/api/cockpit/resources')
        .query({ limit: 4, ...(cursor ? { cursor } : {}) })
        .set('authorization', auth);
      expect(response.status).toBe(200);
      seen.push(...response.body.items.map((r: { id: string }) => r.id));
      cursor = response.body.nextCursor;
      if (pages === 1) {
        // a row that sorts before the position already passed must not shift the next pages
        await seed.resource({ type: 'Aardvark', name: 'early' });
      }
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(all.length);
    expect(pages).toBe(Math.ceil(all.length / 4));
    await database.knex('resources').where({ type: 'Aardvark' }).delete();
  });

  it.each([
    ['limit', { limit: 0 }],
    ['limit', { limit: 'many' }],
    ['parentId', { parentId: 'not-a-uuid' }],
    ['cursor', { cursor: 'garbage' }],
    ['colour', { colour: 'red' }],
  ])('answers 400 naming %s', async (parameter, query) => {
    const response = await request(server)
      .get('/api/cockpit/resources')
      .query(query)
      .set('authorization', auth);
    expect(response.status).toBe(400);
    expect(response.body.error.name).toBe('InputError');
    expect(response.body.error.message).toContain(parameter);
    expect(response.body.response.statusCode).toBe(400);
  });

  it('looks a resource up by type and name, and answers 404 for an unknown one', async () => {
    const found = await request(server)
      .get('/api/cockpit/resources/lookup')
      .query({ type: 'ServiceDeployment', name: 'payment-service/qa' })
      .set('authorization', auth);
    expect(found.body).toMatchObject({
      id: resourceId('ServiceDeployment', 'payment-service/qa'),
      parentId: resourceId('Service', 'payment-service'),
    });
    const missing = await request(server)
      .get('/api/cockpit/resources/lookup')
      .query({ type: 'Service', name: 'nope' })
      .set('authorization', auth);
    expect(missing.status).toBe(404);
    expect(missing.body.error.name).toBe('NotFoundError');
  });

  it('gets a resource by id, 404 for an unknown id, 400 for a malformed one', async () => {
    const id = resourceId('Service', 'payment-service');
    expect(
      (
        await request(server)
          .get(`/api/cockpit/resources/${id}`)
          .set('authorization', auth)
      ).body.name,
    ).toBe('payment-service');
    const unknown = await request(server)
      .get(`/api/cockpit/resources/${resourceId('Service', 'ghost')}`)
      .set('authorization', auth);
    expect(unknown.status).toBe(404);
    const malformed = await request(server)
      .get('/api/cockpit/resources/42')
      .set('authorization', auth);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toContain('id');
  });

  it('lists the children of a resource, optionally of one type', async () => {
    const id = resourceId('ServiceDeployment', 'payment-service/prod');
    const response = await request(server)
      .get(`/api/cockpit/resources/${id}/children`)
      .query({ type: 'ServiceInstance' })
      .set('authorization', auth);
    expect(response.body.items.map((r: { name: string }) => r.name)).toEqual([
      'payment-service/prod/i-0',
      'payment-service/prod/i-1',
    ]);
  });

  it('pages readings newest first without skipping or repeating points that share a timestamp', async () => {
    const resource = {
      type: 'ServiceInstance',
      name: 'payment-service/qa/i-0',
    };
    const base = Date.parse('2026-11-01T00:00:00.000Z');
    for (let i = 0; i < 9; i++) {
      // three points per millisecond-distinct time, on different types, plus microsecond steps
      await seed.reading({
        resource,
        type: `metric-${i % 3}`,
        storageMode: 'TIME_SERIES',
        value: { i },
        collectedAt: new Date(base + Math.floor(i / 3) * 1000),
      });
    }
    await database.knex.raw(
      `INSERT INTO readings (resource_id, type, value, storage_mode, collected_at)
       VALUES (?, 'micro', '{"i": 100}', 'TIME_SERIES', '2026-11-01T00:00:05.000001Z'),
              (?, 'micro', '{"i": 101}', 'TIME_SERIES', '2026-11-01T00:00:05.000002Z')`,
      [
        resourceId(resource.type, resource.name),
        resourceId(resource.type, resource.name),
      ],
    );
    const values: number[] = [];
    let cursor: string | undefined;
    do {
      const response = await request(server)
        .get(
          `/api/cockpit/resources/${resourceId(
            resource.type,
            resource.name,
          )}/readings`,
        )
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set('authorization', auth);
      expect(response.status).toBe(200);
      values.push(
        ...response.body.items.map((r: { value: { i: number } }) => r.value.i),
      );
      cursor = response.body.nextCursor;
    } while (cursor);
    expect(values).toEqual([101, 100, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  });

  it('filters readings by type and time range', async () => {
    const id = resourceId('ServiceInstance', 'payment-service/qa/i-0');
    const response = await request(server)
      .get(`/api/cockpit/resources/${id}/readings`)
      .query({
        type: 'metric-1',
        from: '2026-11-01T00:00:01.000Z',
        to: '2026-11-01T00:00:03.000Z',
      })
      .set('authorization', auth);
    expect(
      response.body.items.map((r: { value: { i: number } }) => r.value.i),
    ).toEqual([7, 4]);
    const bad = await request(server)
      .get(`/api/cockpit/resources/${id}/readings`)
      .query({ from: 'yesterday' })
      .set('authorization', auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('from');
  });

  it('lists rejections newest first and pages through them', async () => {
    for (let i = 0; i < 3; i++) {
      await database.knex('rejections').insert({
        source: 'http',
        collector: 'c',
        reason: `messages.${i}.type: Required`,
        payload: `{"i":${i}}`,
        message_index: i,
        dedupe_key: `k${i}`,
      });
    }
    const first = await request(server)
      .get('/api/cockpit/rejections')
      .query({ limit: 2 })
      .set('authorization', auth);
    const second = await request(server)
      .get('/api/cockpit/rejections')
      .query({ limit: 2, cursor: first.body.nextCursor })
      .set('authorization', auth);
    expect(
      [...first.body.items, ...second.body.items].map(
        (r: { messageIndex: number }) => r.messageIndex,
      ),
    ).toEqual([2, 1, 0]);
    expect(second.body.nextCursor).toBeUndefined();
  });

  it('lists the calculations with the JSON Schema of their parameters, including a module-added one', async () => {
    const response = await request(server)
      .get('/api/cockpit/calculations')
      .set('authorization', auth);
    const byName = Object.fromEntries(
      response.body.items.map((c: { name: string }) => [c.name, c]),
    );
    expect(Object.keys(byName)).toEqual(
      expect.arrayContaining([
        'service-overview',
        'service-events',
        'deployment-vulnerabilities',
        'dependency-usage',
        'fleet-vulnerabilities',
        'instance-health',
        'count-resources',
      ]),
    );
    expect(byName['service-overview'].params).toMatchObject({
      type: 'object',
      properties: { service: { type: 'string' } },
      required: ['service'],
    });
  });

  it('runs a calculation added by a backend module, which reads decoded values through the store', async () => {
    const instance = (i: number) => ({
      type: 'ServiceInstance',
      name: `payment-service/qa/i-${i}`,
    });
    await seed.reading({
      resource: instance(0),
      type: 'health',
      value: { status: 'UP' },
    });
    await seed.reading({
      resource: instance(1),
      type: 'health',
      value: { status: 'GREEN' },
    });
    const response = await request(server)
      .get('/api/cockpit/calculations/instance-health')
      .query({ service: 'payment-service' })
      .set('authorization', auth);
    expect(response.body).toEqual({
      health: { 'payment-service/qa/i-0': 'UP' },
      invalid: [
        { resource: 'payment-service/qa/i-1', type: 'health', field: 'status' },
      ],
    });
  });

  it('runs a module calculation that uses the SQL escape hatch', async () => {
    const response = await request(server)
      .get('/api/cockpit/calculations/count-resources')
      .query({ type: 'ServiceDeployment' })
      .set('authorization', auth);
    expect(response.body).toEqual({ type: 'ServiceDeployment', count: 2 });
  });

  it('ingests a publish batch through the sink core and answers 207 with each message when some were quarantined', async () => {
    const batch = {
      schemaVersion: 1,
      collector: 'test',
      messages: [
        {
          kind: 'resource',
          type: 'ServiceDeployment',
          name: 'ingested/prod',
          parent: { type: 'Service', name: 'ingested' },
        },
        {
          kind: 'reading',
          type: 'health',
          resource: { type: 'ServiceInstance', name: 'ingested/prod/i-1' },
          value: { status: 'UP' },
        },
        {
          kind: 'reading',
          type: 'health',
          resource: { type: 'ServiceInstance' },
          value: {},
        },
      ],
    };
    const response = await request(server)
      .post('/api/cockpit/ingest')
      .set('authorization', auth)
      .send(batch);
    expect(response.status).toBe(207);
    expect(response.body).toMatchObject({
      accepted: 2,
      rejected: 1,
      messages: [
        { index: 0, status: 'accepted' },
        { index: 1, status: 'accepted' },
        {
          index: 2,
          status: 'rejected',
          reason: expect.stringContaining('resource.name'),
        },
      ],
    });
    const deployment = await request(server)
      .get('/api/cockpit/resources/lookup')
      .query({ type: 'ServiceDeployment', name: 'ingested/prod' })
      .set('authorization', auth);
    expect(deployment.body.parentId).toBe(resourceId('Service', 'ingested'));
    const readings = await request(server)
      .get(
        `/api/cockpit/resources/${resourceId(
          'ServiceInstance',
          'ingested/prod/i-1',
        )}/readings`,
      )
      .set('authorization', auth);
    expect(readings.body.items.map((r: { value: unknown }) => r.value)).toEqual(
      [{ status: 'UP' }],
    );
  });

  it('answers 200 when every message of the batch landed', async () => {
    const response = await request(server)
      .post('/api/cockpit/ingest')
      .set('authorization', auth)
      .send({
        schemaVersion: 1,
        collector: 'test',
        messages: [{ kind: 'resource', type: 'Service', name: 'ok' }],
      });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      accepted: 1,
      rejected: 0,
      messages: [{ index: 0, status: 'accepted' }],
    });
  });

  it.each([
    ['invalid JSON', '{"schemaVersion": 1, "messages": ['],
    ['an array', '[1,2,3]'],
    ['an empty body', ''],
    ['XML', '<batch/>'],
  ])(
    'answers 400 to %s, naming the stored rejection that keeps the body as received',
    async (_, body) => {
      const response = await request(server)
        .post('/api/cockpit/ingest')
        .set('authorization', auth)
        .set('content-type', 'application/json')
        .send(body);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(
          /^not a publish batch: .*stored as rejection \d+/,
        ),
        rejectionId: expect.stringMatching(/^\d+$/),
      });
      const rejections = await request(server)
        .get('/api/cockpit/rejections')
        .set('authorization', auth);
      const stored = rejections.body.items.find(
        (r: { id: string }) => r.id === response.body.error.rejectionId,
      );
      expect(stored).toMatchObject({ source: 'http', payload: body });
    },
  );

  it.each([
    ['text/plain', 'text/plain'],
    ['XML', 'application/xml'],
    ['a form', 'application/x-www-form-urlencoded'],
  ])(
    'answers 415 to a body sent as %s, and stores nothing',
    async (_, contentType) => {
      const before = await request(server)
        .get('/api/cockpit/rejections')
        .set('authorization', auth);
      const response = await request(server)
        .post('/api/cockpit/ingest')
        .set('authorization', auth)
        .set('content-type', contentType)
        .send('{"schemaVersion":1}');
      expect(response.status).toBe(415);
      expect(response.body.error.name).toBe('UnsupportedMediaTypeError');
      const after = await request(server)
        .get('/api/cockpit/rejections')
        .set('authorization', auth);
      expect(after.body.items).toHaveLength(before.body.items.length);
    },
  );

  it('answers 413 to a body over the limit', async () => {
    const response = await request(server)
      .post('/api/cockpit/ingest')
      .set('authorization', auth)
      .set('content-type', 'application/json')
      .send(`"${'x'.repeat(1_100_000)}"`);
    expect(response.status).toBe(413);
  });

  it('refuses to ingest without a credential', async () => {
    const response = await request(server).post('/api/cockpit/ingest').send({});
    expect(response.status).toBe(401);
  });

  it('answers 404 for an unknown calculation and 400 naming a missing parameter', async () => {
    const unknown = await request(server)
      .get('/api/cockpit/calculations/nope')
      .set('authorization', auth);
    expect(unknown.status).toBe(404);
    const missing = await request(server)
      .get('/api/cockpit/calculations/service-overview')
      .set('authorization', auth);
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/^service: /);
  });
});
