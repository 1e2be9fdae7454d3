import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { resourceId } from '@cockpit/plugin-cockpit-common';
import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { builtInCalculations } from '../calculations';
import { startCockpitTestBackend } from '../__testUtils__/backend';
import { openSharedTestDatabase } from '../__testUtils__/database';
import { Seeder } from '../__testUtils__/seed';
import { KnexCockpitStore } from '../database/KnexCockpitStore';
import { toOpenApiPath } from './openapi';
import { createRouter } from './router';

jest.setTimeout(60_000);

const auth = mockCredentials.user.header();

/** `METHOD /path` of every route an express router serves. */
function routerOperations(router: any): string[] {
  return router.stack
    .filter((layer: any) => layer.route)
    .flatMap((layer: any) =>
      Object.keys(layer.route.methods).map(
        method => `${method.toUpperCase()} ${toOpenApiPath(layer.route.path)}`,
      ),
    )
    .sort();
}

function documentedOperations(document: any): string[] {
  return Object.entries(
    document.paths as Record<string, Record<string, unknown>>,
  )
    .flatMap(([path, operations]) =>
      Object.keys(operations).map(method => `${method.toUpperCase()} ${path}`),
    )
    .sort();
}

describe.each(testDatabaseEngines())(
  'the OpenAPI document on $name',
  engine => {
    let database: CockpitDatabase;
    let backend: Awaited<ReturnType<typeof startCockpitTestBackend>>;
    let document: any;
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);

    beforeAll(async () => {
      database = await openSharedTestDatabase(engine);
      const seed = new Seeder(database.knex);
      await seed.service({
        service: 'payment-service',
        environments: ['prod'],
        instances: 1,
      });
      const version = await seed.dependencyVersion('pkg:npm/lodash@4.17.20', [
        { id: 'CVE-1', severity: 'HIGH' },
      ]);
      await seed.reading({
        resource: { type: 'ServiceDeployment', name: 'payment-service/prod' },
        type: 'deployment-dependencies',
        value: { dependencies: [version] },
      });
      await seed.reading({
        resource: { type: 'Service', name: 'payment-service' },
        type: 'service-event',
        storageMode: 'TIME_SERIES',
        value: { kind: 'deployment', title: 'deployed' },
      });
      await database
        .knex('rejections')
        .insert({ source: 'http', reason: 'r', payload: '{', dedupe_key: 'k' });
      backend = await startCockpitTestBackend({ knex: database.knex });
      document = (
        await request(backend.server)
          .get('/api/cockpit/openapi.json')
          .set('authorization', auth)
      ).body;
    });

    afterAll(async () => {
      await backend?.stop();
      await database?.close();
    });

    it('documents every route the router serves, and nothing else', async () => {
      const router = await createRouter({
        store: KnexCockpitStore.create({ knex: database.knex }),
        calculations: new Map(builtInCalculations.map(c => [c.name, c])),
        ingest: async () => ({ accepted: 0, rejected: 0, messages: [] }),
        httpAuth: mockServices.httpAuth(),
        permissions: mockServices.permissions(),
        auditor: mockServices.auditor.mock(),
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      });
      const served = routerOperations(router);
      expect(served).toContain('POST /ingest');
      expect(documentedOperations(document)).toEqual(served);
    });

    it('documents the parameters of each calculation', () => {
      expect(
        document['x-calculations']['dependency-usage'].parameters,
      ).toMatchObject({
        properties: {
          package: { type: 'string' },
          version: { type: 'string' },
        },
        required: ['package'],
      });
    });

    const serviceId = resourceId('Service', 'payment-service');
    const calls: Array<[string, string, Record<string, string>]> = [
      ['/resources', '/resources', { limit: '2' }],
      [
        '/resources/lookup',
        '/resources/lookup',
        { type: 'Service', name: 'payment-service' },
      ],
      ['/resources/{id}', `/resources/${serviceId}`, {}],
      ['/resources/{id}/children', `/resources/${serviceId}/children`, {}],
      ['/resources/{id}/readings', `/resources/${serviceId}/readings`, {}],
      ['/calculations', '/calculations', {}],
      [
        '/calculations/{name}',
        '/calculations/service-overview',
        { service: 'payment-service' },
      ],
      [
        '/calculations/{name}',
        '/calculations/service-events',
        { service: 'payment-service' },
      ],
      [
        '/calculations/{name}',
        '/calculations/deployment-vulnerabilities',
        { deployment: 'payment-service/prod' },
      ],
      [
        '/calculations/{name}',
        '/calculations/dependency-usage',
        { package: 'pkg:npm/lodash' },
      ],
      ['/calculations/{name}', '/calculations/fleet-vulnerabilities', {}],
      ['/rejections', '/rejections', {}],
      ['/collectors', '/collectors', {}],
    ];

    it.each(calls)(
      'answers %s (%s) with a body matching its documented 200 response',
      async (path, url, query) => {
        const response = await request(backend.server)
          .get(`/api/cockpit${url}`)
          .query(query)
          .set('authorization', auth);
        expect(response.status).toBe(200);
        const validate = ajv.compile(
          document.paths[path].get.responses['200'].content['application/json']
            .schema,
        );
        const valid = validate(response.body);
        expect(validate.errors ?? []).toEqual([]);
        expect(valid).toBe(true);
      },
    );

    it('answers 400, 401 and 404 with the documented error body', async () => {
      const validate = ajv.compile(document.components.schemas.Error);
      const bad = await request(backend.server)
        .get('/api/cockpit/resources')
        .query({ limit: -1 })
        .set('authorization', auth);
      const unauthenticated = await request(backend.server).get(
        '/api/cockpit/resources',
      );
      const missing = await request(backend.server)
        .get(`/api/cockpit/resources/${resourceId('Service', 'x')}`)
        .set('authorization', auth);
      expect([bad.status, unauthenticated.status, missing.status]).toEqual([
        400, 401, 404,
      ]);
      for (const response of [bad, unauthenticated, missing]) {
        expect(validate(response.body)).toBe(true);
      }
    });
  },
);
