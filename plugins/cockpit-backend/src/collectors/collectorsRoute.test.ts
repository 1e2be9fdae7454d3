import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  createInProcessPublisher,
  defineCollector,
  runCollector,
  silentLogger,
} from '@cockpit/collector-sdk';
import { resourceId } from '@cockpit/plugin-cockpit-common';
import {
  CockpitDatabase,
  ingestBatches,
  testDatabaseEngines,
} from '@cockpit/store';
import { openSharedTestDatabase } from '../__testUtils__/database';
import { startCockpitTestBackend } from '../__testUtils__/backend';

jest.setTimeout(60_000);

const auth = mockCredentials.user.header();
const MINUTE = 60_000;

describe.each(testDatabaseEngines())('GET /collectors on $name', engine => {
  let database: CockpitDatabase;
  let server: Awaited<ReturnType<typeof startCockpitTestBackend>>['server'];
  let stop: () => Promise<void>;

  /** Runs a collector through the SDK runner into the sink core, as if it ran `minutesAgo`. */
  async function run(options: {
    id: string;
    schedule: string;
    minutesAgo: number;
    fail?: boolean;
    services?: number;
  }) {
    const collector = defineCollector({
      id: options.id,
      description: 'test',
      schedule: options.schedule,
      async collect(ctx) {
        for (let i = 0; i < (options.services ?? 1); i++)
          ctx.resources.service({ service: `${options.id}-${i}` });
        if (options.fail) throw new Error('the source answered 503');
      },
    });
    const at = new Date(Date.now() - options.minutesAgo * MINUTE);
    const publisher = createInProcessPublisher({
      ingest: async body =>
        (
          await ingestBatches({
            knex: database.knex,
            batches: [{ body, source: 'local', receivedAt: at }],
          })
        )[0],
    });
    await runCollector({
      collector,
      publisher,
      logger: silentLogger,
      now: () => at,
    }).catch(() => undefined);
  }

  beforeAll(async () => {
    database = await openSharedTestDatabase(engine);
    const backend = await startCockpitTestBackend({ knex: database.knex });
    server = backend.server;
    stop = () => backend.stop();

    await run({
      id: 'catalog',
      schedule: 'rate(15 minutes)',
      minutesAgo: 40,
      services: 3,
    });
    await run({
      id: 'catalog',
      schedule: 'rate(15 minutes)',
      minutesAgo: 25,
      fail: true,
    });
    await run({
      id: 'catalog',
      schedule: 'rate(15 minutes)',
      minutesAgo: 10,
      services: 2,
    });
    await run({
      id: 'catalog',
      schedule: 'rate(15 minutes)',
      minutesAgo: 26 * 60,
      services: 50,
    });
    await run({ id: 'health', schedule: 'rate(5 minutes)', minutesAgo: 120 });
    // input from a collector that records no runs (another language), refused by the sink
    await ingestBatches({
      knex: database.knex,
      batches: [
        {
          body: JSON.stringify({
            schemaVersion: 1,
            collector: 'python-inventory',
            messages: [{ kind: 'resource', type: 'Service' }],
          }),
          source: 'http',
          receivedAt: new Date(),
        },
      ],
    });
  });

  afterAll(async () => {
    await stop?.();
    await database?.close();
  });

  it('answers 401 without a credential', async () => {
    const response = await request(server).get('/api/cockpit/collectors');
    expect(response.status).toBe(401);
  });

  it('answers 400 naming an unknown parameter', async () => {
    const response = await request(server)
      .get('/api/cockpit/collectors')
      .query({ team: 'x' })
      .set('authorization', auth);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/team/);
  });

  it('lists each collector with its last run and the runs, failures and messages of the last 24 hours', async () => {
    const response = await request(server)
      .get('/api/cockpit/collectors')
      .set('authorization', auth);

    expect(response.status).toBe(200);
    const catalog = response.body.items.find(
      (c: { id: string }) => c.id === 'catalog',
    );
    expect(catalog).toMatchObject({
      resourceId: resourceId('Collector', 'catalog'),
      schedule: 'rate(15 minutes)',
      overdue: false,
      lastRun: { status: 'OK', messages: 2, batches: 1 },
      // the run of 26 hours ago is outside the window
      last24h: { runs: 3, failures: 1, messages: 3 + 1 + 2, rejections: 0 },
    });
  });

  it('flags a collector whose next run is overdue for its schedule', async () => {
    const response = await request(server)
      .get('/api/cockpit/collectors')
      .set('authorization', auth);

    const health = response.body.items.find(
      (c: { id: string }) => c.id === 'health',
    );
    expect(health.overdue).toBe(true);
    expect(new Date(health.dueBy).getTime()).toBeLessThan(Date.now());
  });

  it('lists a collector known only from its rejected input, with its rejections', async () => {
    const response = await request(server)
      .get('/api/cockpit/collectors')
      .set('authorization', auth);

    expect(response.body.items.map((c: { id: string }) => c.id)).toEqual([
      'catalog',
      'health',
      'python-inventory',
    ]);
    expect(response.body.items[2]).toMatchObject({
      resourceId: null,
      lastRun: null,
      overdue: false,
      last24h: { runs: 0, rejections: 1 },
    });
  });

  it('answers a body matching its documented OpenAPI response', async () => {
    const document = (
      await request(server)
        .get('/api/cockpit/openapi.json')
        .set('authorization', auth)
    ).body;
    const response = await request(server)
      .get('/api/cockpit/collectors')
      .set('authorization', auth);

    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(
      document.paths['/collectors'].get.responses['200'].content[
        'application/json'
      ].schema,
    );
    expect(validate(response.body) ? [] : validate.errors).toEqual([]);
    expect(response.body.items.length).toBe(3);
  });
});
