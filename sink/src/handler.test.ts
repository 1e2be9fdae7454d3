import type { Knex } from 'knex';
import { resourceId } from '@cockpit/plugin-cockpit-common';
import {
  CockpitDatabase,
  createKnex,
  testDatabaseEngines,
} from '@cockpit/store';
import { SinkEventError } from './events';
import {
  createSinkHandler,
  SinkIngestError,
  SqsBatchResponse,
} from './handler';
import {
  publishBatch,
  recordingLogger,
  snsEvent,
  snsNotificationBody,
  sqsEvent,
} from './testEvents';

jest.setTimeout(60_000);

const T0 = new Date('2026-11-22T10:00:00.000Z');
const instance = { type: 'ServiceInstance', name: 'payment-service/prod/i-1' };
const deployment = { type: 'ServiceDeployment', name: 'payment-service/prod' };
const service = { type: 'Service', name: 'payment-service' };

const health = (status: string, collectedAt?: Date) => ({
  kind: 'reading',
  type: 'health',
  resource: instance,
  value: { status },
  ...(collectedAt ? { collectedAt: collectedAt.toISOString() } : {}),
});
const event = (title: string) => ({
  kind: 'reading',
  type: 'service-event',
  storageMode: 'TIME_SERIES',
  resource: service,
  value: { kind: 'incident', title },
});
const instanceResource = { kind: 'resource', ...instance, parent: deployment };

async function tableCounts(knex: Knex) {
  const { rows } = await knex.raw(`SELECT
    (SELECT count(*)::int FROM resources) AS resources,
    (SELECT count(*)::int FROM readings) AS readings,
    (SELECT count(*)::int FROM rejections) AS rejections`);
  return rows[0];
}

describe.each(testDatabaseEngines())('sink handler on $name', engine => {
  let database: CockpitDatabase;
  let knex: Knex;
  const logger = recordingLogger();
  const handlerOn = (target: Knex) =>
    createSinkHandler({ getKnex: async () => target, logger });

  beforeAll(async () => {
    database = await engine.open();
    knex = database.knex;
  });

  beforeEach(async () => {
    await knex.raw('TRUNCATE resources, readings, rejections CASCADE');
    logger.entries.length = 0;
  });

  afterAll(async () => {
    await database.close();
  });

  it('stores an SQS event with raw delivery and answers no failures', async () => {
    const response = await handlerOn(knex)(
      sqsEvent([
        {
          messageId: 'm-1',
          body: publishBatch([instanceResource, health('UP', T0)]),
        },
        { messageId: 'm-2', body: publishBatch([event('outage')]), sentAt: T0 },
      ]),
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(await tableCounts(knex)).toEqual({
      resources: 3,
      readings: 2,
      rejections: 0,
    });
    const point = await knex('readings')
      .where({ type: 'service-event' })
      .first();
    expect(point.collected_at).toEqual(T0);
  });

  it('unwraps SNS notifications in SQS bodies (raw delivery off) and uses their Timestamp', async () => {
    const body = snsNotificationBody({
      messageId: 'sns-1',
      message: publishBatch([event('deploy'), { kind: 'reading' }]),
      timestamp: T0,
    });

    const response = await handlerOn(knex)(
      sqsEvent([{ messageId: 'q-1', body }]),
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(await knex('readings').pluck('collected_at')).toEqual([T0]);
    expect(await knex('rejections').pluck('source')).toEqual(['sns:sns-1']);
  });

  it('stores a direct SNS event and answers a summary', async () => {
    const response = await handlerOn(knex)(
      snsEvent([
        {
          messageId: 'sns-1',
          message: publishBatch([health('UP'), { kind: 'x' }]),
          timestamp: T0,
        },
      ]),
    );

    expect(response).toEqual({ accepted: 1, rejected: 1, batchesRejected: 0 });
    expect(await knex('readings').pluck('collected_at')).toEqual([T0]);
  });

  it('stores one notification once whether it came directly from SNS or through SQS, however often', async () => {
    const message = publishBatch([
      instanceResource,
      event('deploy'),
      health('UP'),
      { kind: 'bad' },
    ]);
    const direct = snsEvent([{ messageId: 'sns-7', message, timestamp: T0 }]);
    const queued = sqsEvent([
      {
        messageId: 'q-7',
        body: snsNotificationBody({
          messageId: 'sns-7',
          message,
          timestamp: T0,
        }),
      },
    ]);
    const handler = handlerOn(knex);

    await handler(direct);
    const once = await knex('readings').select('*').orderBy('id');
    for (let i = 0; i < 4; i++) {
      await handler(i % 2 ? direct : queued);
    }

    expect(await knex('readings').select('*').orderBy('id')).toEqual(once);
    expect(await tableCounts(knex)).toEqual({
      resources: 3,
      readings: 2,
      rejections: 1,
    });
  });

  it('acknowledges records with invalid JSON or schema violations after quarantining them', async () => {
    const response = (await handlerOn(knex)(
      sqsEvent([
        { messageId: 'good', body: publishBatch([health('UP')]) },
        { messageId: 'not-json', body: '{"schemaVersion": 1, "messages": [' },
        { messageId: 'bad-envelope', body: JSON.stringify({ hello: 'world' }) },
        {
          messageId: 'mixed',
          body: publishBatch([
            event('ok'),
            { kind: 'reading', type: 'health', resource: instance },
          ]),
        },
      ]),
    )) as SqsBatchResponse;

    expect(response.batchItemFailures).toEqual([]);
    expect(await tableCounts(knex)).toEqual({
      resources: 2,
      readings: 2,
      rejections: 3,
    });
    const reasons = await knex('rejections')
      .orderBy('source')
      .select('source', 'reason');
    expect(reasons).toEqual([
      {
        source: 'sqs:bad-envelope',
        reason: expect.stringContaining('schemaVersion'),
      },
      {
        source: 'sqs:mixed',
        reason: expect.stringContaining('messages.1.value'),
      },
      {
        source: 'sqs:not-json',
        reason: expect.stringMatching(/^body: not valid JSON/),
      },
    ]);
    expect(
      logger.entries.some(
        e => e.level === 'warn' && e.message === 'batch rejected',
      ),
    ).toBe(true);
  });

  it('reports every record failed when the database is unreachable, and stores them intact on redelivery', async () => {
    const unreachable = createKnex({
      url: 'postgresql://postgres@127.0.0.1:1/none',
      pool: { max: 1 },
    });
    const records = sqsEvent([
      {
        messageId: 'a',
        body: publishBatch([instanceResource, health('UP', T0)]),
      },
      { messageId: 'b', body: publishBatch([event('deploy')]) },
    ]);
    try {
      const response = await handlerOn(unreachable)(records);
      expect(response).toEqual({
        batchItemFailures: [{ itemIdentifier: 'a' }, { itemIdentifier: 'b' }],
      });
      await expect(
        handlerOn(unreachable)(
          snsEvent([
            {
              messageId: 's',
              message: publishBatch([event('x')]),
              timestamp: T0,
            },
          ]),
        ),
      ).rejects.toBeInstanceOf(SinkIngestError);
    } finally {
      await unreachable.destroy();
    }

    expect(await handlerOn(knex)(records)).toEqual({ batchItemFailures: [] });
    expect(await tableCounts(knex)).toEqual({
      resources: 3,
      readings: 2,
      rejections: 0,
    });
  });

  it('reports the records failed when the database goes away mid-batch, and stores them whole on redelivery', async () => {
    // On the server the connection really ends (pg_terminate_backend of the writing session,
    // after resources were written); PGlite is one session that must survive, so it answers
    // with the error a terminated session reports.
    const goAway =
      engine.name === 'postgres'
        ? 'PERFORM pg_terminate_backend(pg_backend_pid())'
        : `RAISE EXCEPTION 'terminating connection due to administrator command' USING ERRCODE = '57P01'`;
    await knex.raw(`CREATE FUNCTION go_away() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${goAway}; RETURN NEW; END $$`);
    await knex.raw(
      `CREATE TRIGGER go_away BEFORE INSERT ON readings FOR EACH ROW EXECUTE FUNCTION go_away()`,
    );
    const records = sqsEvent([
      {
        messageId: 'a',
        body: publishBatch([instanceResource, health('UP', T0)]),
      },
      {
        messageId: 'b',
        body: publishBatch([event('deploy'), { kind: 'bad' }]),
      },
    ]);

    let response;
    try {
      response = await handlerOn(knex)(records);
    } finally {
      await knex.raw('DROP TRIGGER go_away ON readings');
      await knex.raw('DROP FUNCTION go_away');
    }

    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: 'a' }, { itemIdentifier: 'b' }],
    });
    expect(await tableCounts(knex)).toEqual({
      resources: 0,
      readings: 0,
      rejections: 0,
    });
    expect(await handlerOn(knex)(records)).toEqual({ batchItemFailures: [] });
    expect(await tableCounts(knex)).toEqual({
      resources: 3,
      readings: 2,
      rejections: 1,
    });
  });

  it('fails only the record whose write breaks, storing the others of the event', async () => {
    await knex.raw(`CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.type = 'poison' THEN RAISE EXCEPTION 'poison'; END IF; RETURN NEW; END $$`);
    await knex.raw(
      `CREATE TRIGGER refuse_poison BEFORE INSERT ON readings FOR EACH ROW EXECUTE FUNCTION refuse_poison()`,
    );
    let response;
    try {
      response = await handlerOn(knex)(
        sqsEvent([
          { messageId: 'a', body: publishBatch([health('UP', T0)]) },
          {
            messageId: 'p',
            body: publishBatch([{ ...health('UP', T0), type: 'poison' }]),
          },
          { messageId: 'b', body: publishBatch([event('deploy')]) },
        ]),
      );
    } finally {
      await knex.raw('DROP TRIGGER refuse_poison ON readings');
      await knex.raw('DROP FUNCTION refuse_poison');
    }

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'p' }] });
    expect(await knex('readings').orderBy('type').pluck('type')).toEqual([
      'health',
      'service-event',
    ]);
  });

  it('gives exact results when 10 invocations race on the same resources', async () => {
    const handler = handlerOn(knex);
    const invocations = Array.from({ length: 10 }, (_, i) =>
      sqsEvent(
        Array.from({ length: 3 }, (__, r) => ({
          messageId: `m-${i}-${r}`,
          sentAt: new Date(T0.getTime() + i * 1000),
          body: publishBatch([
            instanceResource,
            { kind: 'resource', ...deployment, parent: service },
            health(`S${i}`, new Date(T0.getTime() + i * 1000)),
            {
              ...event(`e-${r}`),
              collectedAt: new Date(T0.getTime() + r * 1000).toISOString(),
            },
            {
              kind: 'resource',
              type: 'Node',
              name: 'n',
              parent: { type: 'Cluster', name: `c-${i}` },
            },
          ]),
        })),
      ),
    );

    const responses = await Promise.all(invocations.map(e => handler(e)));

    expect(
      responses.every(
        r => (r as SqsBatchResponse).batchItemFailures.length === 0,
      ),
    ).toBe(true);
    expect(await tableCounts(knex)).toEqual({
      resources: 3 + 1 + 10,
      readings: 1 + 3,
      rejections: 0,
    });
    expect(
      await knex('readings').where({ type: 'health' }).pluck('value'),
    ).toEqual([{ status: 'S9' }]);
    const node = await knex('resources')
      .where({ id: resourceId('Node', 'n') })
      .first();
    expect(node.parent_id).toBe(resourceId('Cluster', 'c-9'));
  });

  it('refuses an event that is neither SNS nor SQS', async () => {
    await expect(
      handlerOn(knex)({ Records: [{ eventSource: 'aws:s3' }] }),
    ).rejects.toBeInstanceOf(SinkEventError);
    await expect(handlerOn(knex)({})).rejects.toThrow(
      /not an SNS or SQS event/,
    );
  });
});
