import request from 'supertest';
import { z } from 'zod';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { resourceId } from '@cockpit/plugin-cockpit-common';
import {
  cockpitCalculationsExtensionPoint,
  defineCalculation,
} from '@cockpit/plugin-cockpit-node';
import { CockpitDatabase, testDatabaseEngines } from '@cockpit/store';
import { openSharedTestDatabase } from '../__testUtils__/database';
import { startCockpitTestBackend } from '../__testUtils__/backend';
import {
  day,
  I1,
  I2,
  idOf,
  PROD,
  seedHistoryFixture,
} from '../__testUtils__/historyFixture';

jest.setTimeout(60_000);

const auth = mockCredentials.user.header();

/** A module's calculation with no code for history: it reads the store it is given. */
const moduleCalculations = createBackendModule({
  pluginId: 'cockpit',
  moduleId: 'history-test-calculations',
  register(env) {
    env.registerInit({
      deps: { calculations: cockpitCalculationsExtensionPoint },
      async init({ calculations }) {
        calculations.addCalculation(
          defineCalculation({
            name: 'instance-health',
            description: "Health of a service's instances",
            params: z.strictObject({ service: z.string().min(1) }),
            run: async ({ store, params }) => {
              const tree = await store.getSubtree({
                rootId: resourceId('Service', params.service),
              });
              const { readings } = await store.readCurrent({
                resourceIds: tree.map(resource => resource.id),
                types: ['health'],
              });
              const names = new Map(tree.map(r => [r.id, r.name]));
              return {
                resources: tree.length,
                health: Object.fromEntries(
                  readings.map(r => [names.get(r.resourceId), r.value.status]),
                ),
              };
            },
          }),
        );
      },
    });
  },
});

describe.each(testDatabaseEngines())('the history routes on $name', engine => {
  let database: CockpitDatabase;
  let server: Awaited<ReturnType<typeof startCockpitTestBackend>>['server'];
  let stop: () => Promise<void>;
  const get = (path: string) =>
    request(server).get(`/api/cockpit${path}`).set('authorization', auth);

  beforeAll(async () => {
    database = await openSharedTestDatabase(engine);
    await seedHistoryFixture(database.knex);
    const backend = await startCockpitTestBackend({
      knex: database.knex,
      features: [moduleCalculations],
    });
    server = backend.server;
    stop = () => backend.stop();
  });

  afterAll(async () => {
    await stop?.();
    await database?.close();
  });

  it('answers a resource readings as of a moment, with provenance', async () => {
    const res = await get(
      `/resources/${idOf(I1)}/readings?asOf=${day(3, 12).toISOString()}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        type: 'health',
        value: { status: 'DOWN' },
        collectedAt: day(3).toISOString(),
        collector: 'test-collector',
        source: 'local',
      }),
    ]);
    const before = await get(
      `/resources/${idOf(I2)}/readings?asOf=${day(2).toISOString()}`,
    );
    expect(before.status).toBe(404);
    const bad = await get(`/resources/${idOf(I1)}/readings?asOf=yesterday`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/asOf/);
  });

  it('serves the versions of a reading, newest first, paged', async () => {
    const first = await get(
      `/resources/${idOf(PROD)}/readings/deployment-info/history?limit=2`,
    );
    expect(first.status).toBe(200);
    expect(
      first.body.items.map((v: any) => [
        v.value.version,
        v.validFrom,
        v.validTo,
      ]),
    ).toEqual([
      ['1.2.0', day(9).toISOString(), null],
      ['1.1.0', day(5).toISOString(), day(9).toISOString()],
    ]);
    expect(first.body.items[0]).toMatchObject({
      collector: 'test-collector',
      source: 'local',
    });
    const second = await get(
      `/resources/${idOf(
        PROD,
      )}/readings/deployment-info/history?limit=2&cursor=${
        first.body.nextCursor
      }`,
    );
    expect(second.body.items.map((v: any) => v.value.version)).toEqual([
      '1.0.0',
    ]);
    const bad = await get(
      `/resources/${idOf(PROD)}/readings/deployment-info/history?from=monday`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/from/);
  });

  it('serves the change feed, fleet-wide and for a service, with filters and pages', async () => {
    const window = `since=${day(5).toISOString()}&until=${day(
      9,
    ).toISOString()}`;
    const fleet = await get(`/changes?${window}`);
    expect(fleet.status).toBe(200);
    expect(fleet.body.items).toHaveLength(5);
    const service = await get(`/changes?${window}&service=pay`);
    expect(service.body.items).toHaveLength(4);
    const info = await get(
      `/changes?since=${day(
        0,
      ).toISOString()}&service=pay&readingType=deployment-info&limit=2`,
    );
    expect(
      info.body.items.map((c: any) => [
        c.kind,
        c.before?.version ?? null,
        c.after.version,
      ]),
    ).toEqual([
      ['changed', '1.1.0', '1.2.0'],
      ['changed', '1.0.0', '1.1.0'],
    ]);
    const rest = await get(
      `/changes?since=${day(
        0,
      ).toISOString()}&service=pay&readingType=deployment-info&limit=2&cursor=${
        info.body.nextCursor
      }`,
    );
    expect(rest.body.items.map((c: any) => c.kind)).toEqual(['created']);
    expect(rest.body.nextCursor).toBeUndefined();
    const instances = await get(
      `/changes?since=${day(0).toISOString()}&resourceType=ServiceInstance`,
    );
    expect(instances.body.items.map((c: any) => c.kind)).toContain('deleted');
  });

  it('refuses a bad or missing since, and an unknown service', async () => {
    const missing = await get('/changes');
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/since/);
    const bad = await get('/changes?since=2026-13-01');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/since/);
    const reversed = await get(
      `/changes?since=${day(5).toISOString()}&until=${day(1).toISOString()}`,
    );
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.message).toMatch(/until/);
    const unknown = await get(
      `/changes?since=${day(0).toISOString()}&service=nope`,
    );
    expect(unknown.status).toBe(404);
  });

  it('runs a module calculation as of a moment without code of its own', async () => {
    const at = async (asOf?: Date) => {
      const res = await get(
        `/calculations/instance-health?service=pay${
          asOf ? `&asOf=${asOf.toISOString()}` : ''
        }`,
      );
      expect(res.status).toBe(200);
      return res.body;
    };
    expect(await at(day(3, 12))).toEqual({
      resources: 4,
      health: { [I1.name]: 'DOWN' },
    });
    expect(await at(day(5))).toEqual({
      resources: 4,
      health: { [I1.name]: 'UP' },
    });
    expect(await at()).toEqual({
      resources: 5,
      health: { [I1.name]: 'UP', [I2.name]: 'UP' },
    });
    const bad = await get(
      '/calculations/instance-health?service=pay&asOf=soon',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/asOf/);
  });

  it('runs a shipped calculation as of a moment', async () => {
    const res = await get(
      `/calculations/service-overview?service=pay&asOf=${day(
        6,
        12,
      ).toISOString()}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.ownership).toEqual({ team: 'b' });
    expect(res.body.deployments.map((d: any) => d.version)).toEqual([
      '1.1.0',
      null,
    ]);
  });
});
