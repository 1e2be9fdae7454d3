import type { Knex } from 'knex';
import { MAX_VALUE_DEPTH, resourceId } from '@cockpit/plugin-cockpit-common';
import { CockpitDatabase } from '../database';
import { testDatabaseEngines } from '../testing';
import { ingestBatches } from './ingestBatches';
import { createResourceIds, parseBatch } from './parse';
import { planWrites } from './plan';
import { writePlan } from './write';
import type { IngestBatchInput } from './types';

jest.setTimeout(60_000);

const T0 = new Date('2026-11-22T10:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

function batch(
  messages: unknown[],
  options: { source?: string; receivedAt?: Date; collector?: string } = {},
): IngestBatchInput {
  return {
    body: JSON.stringify({
      schemaVersion: 1,
      collector: options.collector ?? 'test-collector',
      messages,
    }),
    source: options.source ?? 'sqs:message-1',
    receivedAt: options.receivedAt ?? T0,
  };
}

const resource = (
  type: string,
  name: string,
  parent?: { type: string; name: string } | null,
) => ({
  kind: 'resource',
  type,
  name,
  ...(parent !== undefined ? { parent } : {}),
});

const reading = (
  type: string,
  target: { type: string; name: string },
  value: unknown,
  options: {
    collectedAt?: Date;
    storageMode?: 'SNAPSHOT' | 'TIME_SERIES';
  } = {},
) => ({
  kind: 'reading',
  type,
  resource: target,
  value,
  ...(options.storageMode ? { storageMode: options.storageMode } : {}),
  ...(options.collectedAt
    ? { collectedAt: options.collectedAt.toISOString() }
    : {}),
});

const service = { type: 'Service', name: 'payment-service' };
const deployment = { type: 'ServiceDeployment', name: 'payment-service/prod' };
const instance = { type: 'ServiceInstance', name: 'payment-service/prod/i-1' };

async function dump(knex: Knex) {
  const resources = await knex('resources')
    .select('id', 'type', 'name', 'parent_id', 'created_on', 'last_seen_on')
    .orderBy('id');
  const readings = await knex('readings')
    .select(
      'id',
      'type',
      'resource_id',
      'value',
      'storage_mode',
      'collected_at',
      'created_on',
    )
    .orderBy('id');
  const rejections = await knex('rejections')
    .select('id', 'source', 'reason', 'payload', 'message_index')
    .orderBy('id');
  return { resources, readings, rejections };
}

async function parentOf(knex: Knex, ref: { type: string; name: string }) {
  const row = await knex('resources')
    .where({ id: resourceId(ref.type, ref.name) })
    .first();
  return row?.parent_id ?? null;
}

describe.each(testDatabaseEngines())('ingestBatches on $name', engine => {
  let database: CockpitDatabase;
  let knex: Knex;

  beforeAll(async () => {
    database = await engine.open();
    knex = database.knex;
  });

  beforeEach(async () => {
    await knex.raw('TRUNCATE resources, readings, rejections CASCADE');
  });

  afterAll(async () => {
    await database.close();
  });

  it('creates readings, their resources and parents even when children come first', async () => {
    const [outcome] = await ingestBatches({
      knex,
      batches: [
        batch([
          reading(
            'health',
            instance,
            { status: 'UP' },
            { collectedAt: minutes(0) },
          ),
          resource(instance.type, instance.name, deployment),
          resource(deployment.type, deployment.name, service),
        ]),
      ],
    });

    expect(outcome).toEqual({
      accepted: 3,
      rejected: 0,
      messages: [0, 1, 2].map(index => ({ index, status: 'accepted' })),
    });
    expect(await parentOf(knex, instance)).toBe(
      resourceId(deployment.type, deployment.name),
    );
    expect(await parentOf(knex, deployment)).toBe(
      resourceId(service.type, service.name),
    );
    expect(await parentOf(knex, service)).toBeNull();
    const rows = await knex('readings').select('type', 'value', 'storage_mode');
    expect(rows).toEqual([
      { type: 'health', value: { status: 'UP' }, storage_mode: 'SNAPSHOT' },
    ]);
  });

  it.each([1, 2, 5])(
    'leaves the same rows when one notification is delivered %i times',
    async times => {
      const notification = batch(
        [
          resource(instance.type, instance.name, deployment),
          reading(
            'health',
            instance,
            { status: 'UP' },
            { collectedAt: minutes(0) },
          ),
          reading(
            'service-event',
            service,
            { kind: 'deployment', title: 'v1' },
            { storageMode: 'TIME_SERIES' },
          ),
          reading('cpu', instance, 0.5, {
            storageMode: 'TIME_SERIES',
            collectedAt: minutes(1),
          }),
          { kind: 'reading', type: 'broken' },
        ],
        { source: 'sns:n-1' },
      );
      await ingestBatches({ knex, batches: [notification] });
      const once = await dump(knex);

      for (let i = 1; i < times; i++) {
        await ingestBatches({ knex, batches: [notification] });
      }

      expect(await dump(knex)).toEqual(once);
      expect(once.readings).toHaveLength(3);
      expect(once.rejections).toHaveLength(1);
    },
  );

  it('drops a SNAPSHOT reading older than the stored one and keeps a newer one', async () => {
    await ingestBatches({
      knex,
      batches: [
        batch([
          reading(
            'health',
            instance,
            { status: 'DOWN' },
            { collectedAt: minutes(10) },
          ),
        ]),
      ],
    });

    await ingestBatches({
      knex,
      batches: [
        batch(
          [
            reading(
              'health',
              instance,
              { status: 'UP' },
              { collectedAt: minutes(5) },
            ),
          ],
          { source: 'sns:late' },
        ),
      ],
    });
    expect(await knex('readings').pluck('value')).toEqual([{ status: 'DOWN' }]);

    await ingestBatches({
      knex,
      batches: [
        batch(
          [
            reading(
              'health',
              instance,
              { status: 'DEGRADED' },
              { collectedAt: minutes(11) },
            ),
          ],
          { source: 'sns:new' },
        ),
      ],
    });
    const rows = await knex('readings').select('value', 'collected_at');
    expect(rows).toEqual([
      { value: { status: 'DEGRADED' }, collected_at: minutes(11) },
    ]);
  });

  it('keeps the newest SNAPSHOT of one batch whatever the order of its messages', async () => {
    await ingestBatches({
      knex,
      batches: [
        batch([
          reading(
            'health',
            instance,
            { status: 'UP' },
            { collectedAt: minutes(3) },
          ),
          reading(
            'health',
            instance,
            { status: 'DOWN' },
            { collectedAt: minutes(1) },
          ),
        ]),
        batch(
          [
            reading(
              'health',
              instance,
              { status: 'DEGRADED' },
              { collectedAt: minutes(2) },
            ),
          ],
          { source: 'sqs:2' },
        ),
      ],
    });
    expect(await knex('readings').pluck('value')).toEqual([{ status: 'UP' }]);
  });

  it('stores TIME_SERIES readings without collectedAt at the notification time, once', async () => {
    const notification = batch(
      [
        reading(
          'service-event',
          service,
          { kind: 'incident', title: 'outage' },
          { storageMode: 'TIME_SERIES' },
        ),
      ],
      { receivedAt: minutes(42), source: 'sns:event' },
    );
    await ingestBatches({ knex, batches: [notification] });
    await ingestBatches({ knex, batches: [notification] });

    const rows = await knex('readings').select('collected_at', 'storage_mode');
    expect(rows).toEqual([
      { collected_at: minutes(42), storage_mode: 'TIME_SERIES' },
    ]);
  });

  it('stores one point for duplicate TIME_SERIES points inside one batch', async () => {
    const point = reading('cpu', instance, 0.7, {
      storageMode: 'TIME_SERIES',
      collectedAt: minutes(1),
    });
    const [outcome] = await ingestBatches({
      knex,
      batches: [
        batch([
          point,
          point,
          reading('cpu', instance, 0.8, {
            storageMode: 'TIME_SERIES',
            collectedAt: minutes(2),
          }),
          point,
        ]),
      ],
    });

    expect(outcome.accepted).toBe(4);
    expect(
      await knex('readings').orderBy('collected_at').pluck('value'),
    ).toEqual([0.7, 0.8]);
  });

  it('re-parents a resource to the parent of the newest message, even when older ones are redelivered', async () => {
    const east = { type: 'Cluster', name: 'east' };
    const west = { type: 'Cluster', name: 'west' };
    const node = { type: 'Node', name: 'n-1' };
    const old = batch([resource(node.type, node.name, east)], {
      receivedAt: minutes(1),
      source: 'sns:old',
    });
    const newer = batch([resource(node.type, node.name, west)], {
      receivedAt: minutes(2),
      source: 'sns:new',
    });

    await ingestBatches({ knex, batches: [old] });
    expect(await parentOf(knex, node)).toBe(resourceId(east.type, east.name));
    await ingestBatches({ knex, batches: [newer] });
    expect(await parentOf(knex, node)).toBe(resourceId(west.type, west.name));

    await ingestBatches({ knex, batches: [old] });
    expect(await parentOf(knex, node)).toBe(resourceId(west.type, west.name));
  });

  it('follows the last of several parents named for one resource in one call', async () => {
    const node = { type: 'Node', name: 'n-1' };
    await ingestBatches({
      knex,
      batches: [
        batch([
          resource(node.type, node.name, { type: 'Cluster', name: 'a' }),
          resource(node.type, node.name, { type: 'Cluster', name: 'b' }),
        ]),
        batch(
          [resource(node.type, node.name, { type: 'Cluster', name: 'c' })],
          { receivedAt: minutes(-1), source: 'sqs:older' },
        ),
      ],
    });
    expect(await parentOf(knex, node)).toBe(resourceId('Cluster', 'b'));
  });

  it('detaches a resource whose newest message says parent null', async () => {
    await ingestBatches({
      knex,
      batches: [batch([resource(deployment.type, deployment.name, service)])],
    });
    await ingestBatches({
      knex,
      batches: [
        batch([resource(deployment.type, deployment.name, null)], {
          receivedAt: minutes(1),
          source: 'sns:2',
        }),
      ],
    });
    expect(await parentOf(knex, deployment)).toBeNull();
  });

  it('rejects and records a message that would make a resource its own ancestor', async () => {
    await ingestBatches({
      knex,
      batches: [
        batch([
          resource(instance.type, instance.name, deployment),
          resource(deployment.type, deployment.name, service),
        ]),
      ],
    });

    const [outcome] = await ingestBatches({
      knex,
      batches: [
        batch(
          [
            reading('health', instance, { status: 'UP' }),
            resource(service.type, service.name, instance),
          ],
          { receivedAt: minutes(1), source: 'sns:cycle' },
        ),
      ],
    });

    expect(outcome.accepted).toBe(1);
    expect(outcome.messages[1]).toEqual({
      index: 1,
      status: 'rejected',
      reason: expect.stringMatching(
        /^messages\.1\.parent: would make Service payment-service its own ancestor/,
      ),
    });
    expect(await parentOf(knex, service)).toBeNull();
    const rejections = await knex('rejections').select(
      'source',
      'message_index',
      'reason',
      'payload',
    );
    expect(rejections).toEqual([
      {
        source: 'sns:cycle',
        message_index: 1,
        reason: outcome.messages[1].reason,
        payload: JSON.stringify(resource(service.type, service.name, instance)),
      },
    ]);
    expect(await knex('readings').count({ n: '*' })).toEqual([
      { n: expect.anything() },
    ]);
    expect(Number((await knex('readings').count({ n: '*' }))[0].n)).toBe(1);
  });

  it('rejects the second half of a cycle formed inside one batch, and a resource naming itself as parent', async () => {
    const a = { type: 'Node', name: 'a' };
    const b = { type: 'Node', name: 'b' };
    const [outcome] = await ingestBatches({
      knex,
      batches: [
        batch([
          resource(a.type, a.name, b),
          resource(b.type, b.name, a),
          resource(a.type, a.name, a),
        ]),
      ],
    });

    expect(outcome.messages.map(m => m.status)).toEqual([
      'accepted',
      'rejected',
      'rejected',
    ]);
    expect(outcome.messages[2].reason).toMatch(/^messages\.2\.parent: /);
    expect(await parentOf(knex, a)).toBe(resourceId(b.type, b.name));
    expect(await parentOf(knex, b)).toBeNull();
    expect(
      await knex('rejections').orderBy('message_index').pluck('message_index'),
    ).toEqual([1, 2]);
  });

  it('lands the valid messages of a batch and quarantines the invalid ones with reasons naming the field', async () => {
    const big = 'x'.repeat(210 * 1024);
    const batches = [
      batch([
        reading('health', instance, { status: 'UP' }),
        {
          kind: 'reading',
          type: 'health',
          resource: { type: 'ServiceInstance' },
          value: 1,
        },
        reading('blob', instance, { data: big }),
        { kind: 'resource', type: 'Service', name: 'svc', colour: 'blue' },
        reading('note', instance, { text: 'a\u0000b' }),
        resource('Service', 'billing'),
      ]),
      {
        body: '{"schemaVersion":1,"collector":"c","messages":[',
        source: 'sqs:bad-json',
        receivedAt: T0,
      },
      {
        body: JSON.stringify({
          schemaVersion: 2,
          collector: 'c',
          messages: [],
        }),
        source: 'sqs:bad-envelope',
        receivedAt: T0,
      },
    ];

    const outcomes = await ingestBatches({ knex, batches });

    expect(outcomes[0].accepted).toBe(2);
    expect(
      outcomes[0].messages
        .filter(m => m.status === 'rejected')
        .map(m => [m.index, m.reason]),
    ).toEqual([
      [1, expect.stringContaining('messages.1.resource.name')],
      [2, expect.stringMatching(/^messages\.2\.value: \d+ bytes exceeds/)],
      [3, expect.stringContaining('colour')],
      [4, expect.stringMatching(/^messages\.4\.value\.text: contains a NUL/)],
    ]);
    expect(outcomes[1].batchRejected).toMatch(/^body: not valid JSON/);
    expect(outcomes[2].batchRejected).toMatch(/schemaVersion/);

    expect(await knex('readings').pluck('type')).toEqual(['health']);
    expect(
      await knex('resources')
        .where({ type: 'Service', name: 'billing' })
        .first(),
    ).toBeDefined();
    const rejections = await knex('rejections')
      .select('source', 'message_index', 'payload')
      .orderBy(['source', 'message_index']);
    expect(rejections.map(r => [r.source, r.message_index])).toEqual([
      ['sqs:bad-envelope', null],
      ['sqs:bad-json', null],
      ['sqs:message-1', 1],
      ['sqs:message-1', 2],
      ['sqs:message-1', 3],
      ['sqs:message-1', 4],
    ]);
    expect(rejections[1].payload).toBe(batches[1].body);
    expect(JSON.parse(rejections[3].payload).value.data).toBe(big);

    await ingestBatches({ knex, batches });
    expect(await knex('rejections').pluck('id')).toHaveLength(6);
  });

  it('quarantines values PostgreSQL cannot store, whether sent as JSON text or as objects', async () => {
    const messages = [
      reading('note', instance, { text: 'lone \ud800 surrogate' }),
      reading('note', instance, ['fine']),
      reading('note', instance, { 'key\u0000': 1 }),
    ];
    const [fromText, fromObject] = await ingestBatches({
      knex,
      batches: [
        batch(messages),
        {
          body: { schemaVersion: 1, collector: 'c', messages },
          source: 'local',
          receivedAt: T0,
        },
      ],
    });

    for (const outcome of [fromText, fromObject]) {
      expect(outcome.messages.map(m => m.reason)).toEqual([
        expect.stringMatching(
          /^messages\.0\.value\.text: contains a NUL character or an unpaired surrogate/,
        ),
        undefined,
        expect.stringMatching(/^messages\.2\.value\.key.: contains/),
      ]);
    }
    expect(await knex('readings').pluck('value')).toEqual([['fine']]);
  });

  it('accepts an already parsed body', async () => {
    const [outcome] = await ingestBatches({
      knex,
      batches: [
        {
          body: {
            schemaVersion: 1,
            collector: 'c',
            messages: [resource('Service', 's')],
          },
          source: 'local',
          receivedAt: T0,
        },
      ],
    });
    expect(outcome.accepted).toBe(1);
  });

  it('stores values as the JSON text it received, numbers with all their digits', async () => {
    const body = `{"schemaVersion":1,"collector":"c","messages":[
      {"kind":"reading","type":"big","resource":{"type":"Service","name":"s"},
       "value":{"id":12345678901234567890123,"ratio":0.10000000000000000555,"huge":1e400}}]}`;
    const [outcome] = await ingestBatches({
      knex,
      batches: [{ body, source: 'sqs:exact', receivedAt: T0 }],
    });

    expect(outcome.accepted).toBe(1);
    expect(
      (await knex.raw('SELECT value::text AS v FROM readings')).rows.map(
        (r: { v: string }) => r.v,
      ),
    ).toEqual([
      `{"id": 12345678901234567890123, "huge": 1${'0'.repeat(
        400,
      )}, "ratio": 0.10000000000000000555}`,
    ]);
  });

  it('stores values holding emoji as received too, raw or escaped', async () => {
    // Before, any surrogate in a body sent all its values through JSON.stringify, and a
    // number beyond a double lost its digits.
    const body = `{"schemaVersion":1,"collector":"c","messages":[
      {"kind":"reading","type":"raw","resource":{"type":"Service","name":"s"},
       "value":{"note":"shipped \ud83d\ude80","build":12345678901234567890123}},
      {"kind":"reading","type":"escaped","resource":{"type":"Service","name":"s"},
       "value":{"note":"shipped \\ud83d\\ude80","build":12345678901234567890123}},
      {"kind":"reading","type":"mixed","resource":{"type":"Service","name":"s"},
       "value":{"note":"shipped \\ud83d\ude80"}}]}`;
    const [outcome] = await ingestBatches({
      knex,
      batches: [{ body, source: 'sqs:emoji', receivedAt: T0 }],
    });

    expect(outcome.accepted).toBe(3);
    const rows = (
      await knex.raw(
        'SELECT type, value::text AS v FROM readings ORDER BY type',
      )
    ).rows;
    expect(rows).toEqual([
      {
        type: 'escaped',
        v: '{"note": "shipped \ud83d\ude80", "build": 12345678901234567890123}',
      },
      // An escaped half paired with a raw one: JSON.parse joins them, jsonb would refuse
      // the text, so this value is serialized (it holds no number to lose).
      { type: 'mixed', v: '{"note": "shipped \ud83d\ude80"}' },
      {
        type: 'raw',
        v: '{"note": "shipped \ud83d\ude80", "build": 12345678901234567890123}',
      },
    ]);
  });

  it('refuses a number beyond a double in a value it cannot send as received, rather than storing null', async () => {
    // The scanner does not place a value given twice (JSON.parse keeps the last), and jsonb
    // refuses the text of a value pairing an escaped surrogate with a raw one: both are
    // serialized, where JSON.parse's Infinity would become null.
    const body = `{"schemaVersion":1,"collector":"c","messages":[
      {"kind":"reading","value":1,"type":"repeated-value","resource":{"type":"Service","name":"s"},"value":{"n":1e400}},
      {"kind":"reading","type":"mixed","resource":{"type":"Service","name":"s"},"value":{"n":1e400,"s":"\\ud83d\ude80"}},
      {"kind":"reading","type":"kept","resource":{"type":"Service","name":"s"},"value":{"n":1e400,"s":"\ud83d\ude80"}}]}`;
    const [outcome] = await ingestBatches({
      knex,
      batches: [{ body, source: 'sqs:infinite', receivedAt: T0 }],
    });

    const reason = expect.stringMatching(
      /^messages\.[01]\.value: holds a number beyond the range of a double/,
    );
    expect(outcome.messages).toEqual([
      { index: 0, status: 'rejected', reason },
      { index: 1, status: 'rejected', reason },
      { index: 2, status: 'accepted' },
    ]);
    expect(
      (await knex.raw('SELECT type, value::text AS v FROM readings')).rows,
    ).toEqual([
      { type: 'kept', v: `{"n": 1${'0'.repeat(400)}, "s": "\ud83d\ude80"}` },
    ]);
    expect(await knex('rejections').pluck('message_index')).toEqual(
      expect.arrayContaining([0, 1]),
    );
  });

  it('refuses a message with an unknown field, whatever it holds, and lands the rest of the call', async () => {
    // 1e200000 (beyond PostgreSQL's numeric range) sits in a field the wire format does not
    // know: the message is refused for the field, and the text never reaches PostgreSQL.
    // Values PostgreSQL itself refuses: "quarantines only the value PostgreSQL refuses".
    const refused = `{"schemaVersion":1,"collector":"c","messages":[
      {"kind":"reading","type":"health","resource":{"type":"Service","name":"s"},"value":{"ok":true}},
      {"kind":"reading","type":"health","resource":{"type":"Service","name":"s"},"value":1,"bogus":1e200000}]}`;
    const [first, second] = await ingestBatches({
      knex,
      batches: [
        { body: refused, source: 'sqs:refused', receivedAt: T0 },
        batch(
          [reading('cpu', service, [1, 2], { storageMode: 'TIME_SERIES' })],
          {
            source: 'sqs:plain',
          },
        ),
      ],
    });

    expect(first.messages).toEqual([
      { index: 0, status: 'accepted' },
      {
        index: 1,
        status: 'rejected',
        reason: expect.stringContaining('bogus'),
      },
    ]);
    expect(second.accepted).toBe(1);
    const readings = await knex('readings')
      .select('type', 'value')
      .orderBy('type');
    expect(readings).toEqual([
      { type: 'cpu', value: [1, 2] },
      { type: 'health', value: { ok: true } },
    ]);
    expect(await knex('rejections').pluck('message_index')).toEqual([1]);
  });

  it('quarantines only the value PostgreSQL refuses, and stores its neighbours as sent', async () => {
    // 1e400 is beyond a double (JSON.parse makes it Infinity) but within numeric: stored as
    // sent. 1e200000 is beyond numeric: that message alone is refused, its number kept.
    const body = `{"schemaVersion":1,"collector":"c","messages":[
      {"kind":"reading","type":"a","resource":{"type":"Service","name":"s"},"value":{"ok":true,"big":1e400}},
      {"kind":"reading","type":"b","resource":{"type":"Service","name":"s"},"value":{"n":1e200000}},
      {"kind":"reading","type":"c","resource":{"type":"Service","name":"s"},"value":[0.10000000000000000555]}]}`;
    const [outcome] = await ingestBatches({
      knex,
      batches: [{ body, source: 'sqs:range', receivedAt: T0 }],
    });

    expect(outcome.messages).toEqual([
      { index: 0, status: 'accepted' },
      {
        index: 1,
        status: 'rejected',
        reason: expect.stringMatching(
          /^messages\.1\.value: PostgreSQL cannot store it \(.+\)$/,
        ),
      },
      { index: 2, status: 'accepted' },
    ]);
    const readings = await knex('readings')
      .select('type', knex.raw('value::text AS value'))
      .orderBy('type');
    expect(readings).toEqual([
      { type: 'a', value: `{"ok": true, "big": 1${'0'.repeat(400)}}` },
      { type: 'c', value: '[0.10000000000000000555]' },
    ]);
    const rejections = await knex('rejections').select(
      'message_index',
      'payload',
    );
    expect(rejections).toHaveLength(1);
    expect(rejections[0].message_index).toBe(1);
    expect(JSON.parse(rejections[0].payload.replace('1e200000', '0'))).toEqual({
      kind: 'reading',
      type: 'b',
      resource: { type: 'Service', name: 's' },
      value: { n: 0 },
    });
    expect(rejections[0].payload).toContain('"value":{"n":1e200000}');
  });

  it('refuses values nested deeper than the limit, whether sent as JSON text or as objects', async () => {
    const nested = (depth: number) =>
      JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    const messages = [service, instance, deployment].map((target, i) =>
      reading(
        'tree',
        target,
        nested([MAX_VALUE_DEPTH + 1, 2_000, MAX_VALUE_DEPTH][i]),
      ),
    );
    const depths = [MAX_VALUE_DEPTH + 1, 100_000, MAX_VALUE_DEPTH];
    const text = `{"schemaVersion":1,"collector":"c","messages":[${messages
      .map(
        (m, i) =>
          `{"kind":"reading","type":"tree","resource":${JSON.stringify(
            m.resource,
          )},"value":${'['.repeat(depths[i])}${']'.repeat(depths[i])}}`,
      )
      .join(',')}]}`;
    const outcomes = await ingestBatches({
      knex,
      batches: [
        { body: text, source: 'sqs:deep', receivedAt: T0 },
        {
          body: { schemaVersion: 1, collector: 'c', messages },
          source: 'local',
          receivedAt: T0,
        },
      ],
    });

    for (const outcome of outcomes) {
      expect(outcome.messages).toEqual([
        {
          index: 0,
          status: 'rejected',
          reason: `messages.0.value: nested deeper than the limit of ${MAX_VALUE_DEPTH} levels of arrays and objects`,
        },
        {
          index: 1,
          status: 'rejected',
          reason: `messages.1.value: nested deeper than the limit of ${MAX_VALUE_DEPTH} levels of arrays and objects`,
        },
        { index: 2, status: 'accepted' },
      ]);
    }
    expect(
      (await knex.raw('SELECT jsonb_typeof(value) AS t FROM readings')).rows,
    ).toEqual([{ t: 'array' }]);
  });

  it('refuses, without throwing, a body given as an object that JSON cannot carry', async () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const cyclic: Record<string, unknown> = { schemaVersion: 1 };
    cyclic.self = cyclic;
    const bodies = [
      {
        schemaVersion: 1,
        collector: 'c',
        messages: [reading('t', service, deep)],
      },
      cyclic,
      {
        schemaVersion: 1,
        collector: 'c',
        messages: [reading('t', service, NaN)],
      },
    ];

    const outcomes = await ingestBatches({
      knex,
      batches: bodies.map((body, i) => ({
        body,
        source: `local:${i}`,
        receivedAt: T0,
      })),
    });

    for (const outcome of outcomes) {
      expect(outcome.batchRejected).toMatch(
        /^body: cannot be serialized as JSON/,
      );
      expect(outcome.rejectionId).toEqual(expect.any(String));
    }
    expect(await knex('rejections').pluck('source')).toHaveLength(3);
    expect(await knex('readings').pluck('id')).toEqual([]);
  });

  it('finds known resources by primary key, not by scanning the table', async () => {
    // A fleet big enough that hashing the table could look cheaper to the planner than probing
    // it once per resource of the call.
    await knex.raw(`
      INSERT INTO resources (id, type, name, parent_id, parent_set_at, created_on, last_seen_on)
      SELECT md5('fleet' || g)::uuid, 'ServiceInstance', 'fleet/' || g, NULL, NULL,
             now() - interval '1 day', now() - interval '1 hour'
        FROM generate_series(1, 20000) AS g`);
    await knex.raw('ANALYZE resources');
    const fleet = Array.from({ length: 50 }, (_, i) =>
      resource('ServiceInstance', `known/${i}`, service),
    );
    await ingestBatches({ knex, batches: [batch(fleet)] });

    const write = async (messages: unknown[]) => {
      const plan = planWrites([
        parseBatch({
          input: { ...batch(messages), receivedAt: minutes(1) },
          batchIndex: 0,
          ids: createResourceIds(),
        }),
      ]);
      return knex.transaction(async trx => {
        // Counters not yet flushed: other transactions of this session may show in them too.
        const seqScans = async () =>
          Number(
            (
              await trx.raw(
                `SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'resources'`,
              )
            ).rows[0].seq_scan,
          );
        const before = await seqScans();
        await writePlan({ trx, plan, lastSeenRefreshMs: 60_000 });
        return (await seqScans()) - before;
      });
    };
    // The steady state: the same hierarchy again, with readings.
    expect(
      await write([
        ...fleet,
        ...fleet.map(m => reading('health', m, { status: 'UP' })),
      ]),
    ).toBe(0);
    // Re-parenting: the hierarchy around the edges is read under the lock.
    expect(
      await write(fleet.map(m => resource(m.type, m.name, deployment))),
    ).toBe(0);
  });

  it('writes a call with a constant number of statements, however many messages it holds', async () => {
    const statements = async (batches: IngestBatchInput[]) => {
      let count = 0;
      const listener = () => {
        count++;
      };
      knex.on('query', listener);
      try {
        await ingestBatches({ knex, batches });
      } finally {
        knex.off('query', listener);
      }
      return count;
    };
    const makeBatches = (
      batchCount: number,
      perBatch: number,
      prefix: string,
    ) =>
      Array.from({ length: batchCount }, (_, b) =>
        batch(
          Array.from({ length: perBatch }, (__, m) => {
            const i = b * perBatch + m;
            const target = { type: 'ServiceInstance', name: `${prefix}/${i}` };
            return m % 3 === 0
              ? resource(target.type, target.name, {
                  type: 'ServiceDeployment',
                  name: `${prefix}/${i % 7}`,
                })
              : reading(
                  m % 2 ? 'health' : 'cpu',
                  target,
                  { i },
                  {
                    storageMode: m % 2 ? 'SNAPSHOT' : 'TIME_SERIES',
                    collectedAt: minutes(i),
                  },
                );
          }).concat([{ kind: 'bad' } as any]),
          { source: `sqs:${prefix}-${b}` },
        ),
      );

    const small = await statements(makeBatches(1, 6, 'small'));
    const large = await statements(makeBatches(10, 100, 'large'));

    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(10);
  });

  it('rewrites last_seen_on only when it is older than the refresh interval', async () => {
    await ingestBatches({ knex, batches: [batch([resource('Service', 's')])] });
    const before = await knex('resources')
      .select(knex.raw('xmin::text as xmin'), 'last_seen_on')
      .first();

    await ingestBatches({
      knex,
      batches: [
        batch([reading('health', { type: 'Service', name: 's' }, 1)], {
          source: 'sqs:2',
        }),
      ],
    });
    const unchanged = await knex('resources')
      .select(knex.raw('xmin::text as xmin'), 'last_seen_on')
      .first();
    expect(unchanged).toEqual(before);

    await knex('resources').update({
      last_seen_on: new Date('2020-01-01T00:00:00Z'),
    });
    await ingestBatches({
      knex,
      batches: [
        batch([reading('health', { type: 'Service', name: 's' }, 2)], {
          source: 'sqs:3',
        }),
      ],
    });
    const refreshed = await knex('resources').select('last_seen_on').first();
    expect(refreshed.last_seen_on.getTime()).toBeGreaterThan(
      Date.now() - 60_000,
    );
  });

  it('commits nothing of a call whose write fails, and lands it whole when retried', async () => {
    await knex.raw(`CREATE FUNCTION fail_points() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'connection lost' USING ERRCODE = '08006'; END $$`);
    await knex.raw(`CREATE TRIGGER fail_points BEFORE INSERT ON readings FOR EACH ROW
      WHEN (NEW.storage_mode = 'TIME_SERIES') EXECUTE FUNCTION fail_points()`);
    const batches = [
      batch([
        resource(instance.type, instance.name, deployment),
        reading('health', instance, { status: 'UP' }),
      ]),
      batch(
        [
          reading('cpu', instance, 1, { storageMode: 'TIME_SERIES' }),
          { kind: 'nope' },
        ],
        { source: 'sqs:2' },
      ),
    ];

    await expect(ingestBatches({ knex, batches })).rejects.toMatchObject({
      code: '08006',
    });
    expect(await dump(knex)).toEqual({
      resources: [],
      readings: [],
      rejections: [],
    });

    await knex.raw('DROP TRIGGER fail_points ON readings');
    await knex.raw('DROP FUNCTION fail_points');
    const outcomes = await ingestBatches({ knex, batches });
    expect(outcomes.map(o => o.accepted)).toEqual([2, 1]);
    const after = await dump(knex);
    expect(after.resources).toHaveLength(2);
    expect(after.readings).toHaveLength(2);
    expect(after.rejections).toHaveLength(1);
  });

  it('runs a call again when a resource it found known is deleted under it, and lands it', async () => {
    // What housekeeping deleting a stale resource between the sink's filter and the readings'
    // foreign key check looks like: the statement fails with 23503, the transaction is run
    // again. The trigger deletes on its first row only (a sequence survives the rollback).
    await ingestBatches({
      knex,
      batches: [batch([reading('health', service, 1)])],
    });
    await knex.raw('CREATE SEQUENCE delete_once');
    await knex.raw(`CREATE FUNCTION delete_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('delete_once') = 1 THEN DELETE FROM resources WHERE id = NEW.resource_id; END IF;
        RETURN NEW;
      END $$`);
    await knex.raw(`CREATE TRIGGER delete_once BEFORE INSERT ON readings FOR EACH ROW
      EXECUTE FUNCTION delete_once()`);
    try {
      const call = [
        batch([reading('version', service, '1.2.3')], { source: 'sqs:2' }),
      ];
      await expect(
        ingestBatches({ knex, batches: call, maxAttempts: 1 }),
      ).rejects.toMatchObject({ code: '23503' });

      await knex.raw('ALTER SEQUENCE delete_once RESTART');
      const [outcome] = await ingestBatches({ knex, batches: call });
      expect(outcome.accepted).toBe(1);
      expect(
        Number(
          (await knex.raw('SELECT last_value FROM delete_once')).rows[0]
            .last_value,
        ),
      ).toBeGreaterThanOrEqual(2);
      expect(
        await knex('readings').select('type', 'value').orderBy('type'),
      ).toEqual([
        { type: 'health', value: 1 },
        { type: 'version', value: '1.2.3' },
      ]);
    } finally {
      await knex.raw('DROP TRIGGER delete_once ON readings');
      await knex.raw('DROP FUNCTION delete_once');
      await knex.raw('DROP SEQUENCE delete_once');
    }
  });

  it('gives exact results when 10 calls race on the same resources', async () => {
    const calls = Array.from({ length: 10 }, (_, c) => [
      batch(
        [
          resource(instance.type, instance.name, deployment),
          resource(deployment.type, deployment.name, service),
          // every call re-parents the node; the newest notification must win
          resource('Node', 'n', { type: 'Cluster', name: `c-${c}` }),
          reading('health', instance, { call: c }, { collectedAt: minutes(c) }),
          ...Array.from({ length: 20 }, (__, p) =>
            reading('cpu', instance, p, {
              storageMode: 'TIME_SERIES',
              collectedAt: minutes(p),
            }),
          ),
          reading(
            'service-event',
            service,
            { call: c },
            { storageMode: 'TIME_SERIES', collectedAt: minutes(100 + c) },
          ),
          { kind: 'broken', call: c },
        ],
        { source: `sqs:race-${c}`, receivedAt: minutes(c) },
      ),
    ]);

    const results = await Promise.all(
      [...calls, ...calls].map(batches => ingestBatches({ knex, batches })),
    );

    expect(results.every(([o]) => o.accepted === 25 && o.rejected === 1)).toBe(
      true,
    );
    const counts: Array<{ type: string; n: number }> = (
      await knex.raw(
        'SELECT type, count(*)::int AS n FROM readings GROUP BY type ORDER BY type',
      )
    ).rows;
    expect(counts.map(r => [r.type, r.n])).toEqual([
      ['cpu', 20],
      ['health', 1],
      ['service-event', 10],
    ]);
    expect(
      await knex('readings').where({ type: 'health' }).pluck('value'),
    ).toEqual([{ call: 9 }]);
    expect(await parentOf(knex, { type: 'Node', name: 'n' })).toBe(
      resourceId('Cluster', 'c-9'),
    );
    expect(await knex('resources').pluck('id')).toHaveLength(3 + 1 + 10);
    expect(await knex('rejections').pluck('id')).toHaveLength(10);
  });
});

/** A call's write, left open: its transaction holds the call's locks until `commit()`. */
async function openWrite(knex: Knex, input: IngestBatchInput) {
  const trx = await knex.transaction();
  const result = await writePlan({
    trx,
    plan: planWrites([
      parseBatch({ input, batchIndex: 0, ids: createResourceIds() }),
    ]),
    lastSeenRefreshMs: 60_000,
  });
  return { result, commit: () => trx.commit() };
}

/** Whether the promise settles within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'pending'>(resolve => {
    timer = setTimeout(() => resolve('pending'), ms);
  });
  const outcome = await Promise.race([promise.then(() => 'settled'), timeout]);
  clearTimeout(timer);
  return outcome === 'settled';
}

// Two open transactions need two connections: the embedded PostgreSQL has one, so these run
// on the server only (CI sets COCKPIT_DATABASE_URL).
const server = testDatabaseEngines().find(engine => engine.name === 'postgres');
if (server) {
  describe('ingestBatches on postgres, hierarchy changes under concurrency', () => {
    let database: CockpitDatabase;
    let knex: Knex;

    beforeAll(async () => {
      database = await server.open();
      knex = database.knex;
    });

    beforeEach(async () => {
      await knex.raw('TRUNCATE resources, readings, rejections CASCADE');
    });

    afterAll(async () => {
      await database.close();
    });

    it('lets calls that change different trees run side by side', async () => {
      const first = await openWrite(
        knex,
        batch([
          resource('ServiceDeployment', 'a/prod', {
            type: 'Service',
            name: 'a',
          }),
        ]),
      );
      try {
        // With one lock for every hierarchy change, this call waited for the first to end.
        const second = ingestBatches({
          knex,
          batches: [
            batch(
              [
                resource('ServiceDeployment', 'b/prod', {
                  type: 'Service',
                  name: 'b',
                }),
              ],
              {
                source: 'sqs:b',
              },
            ),
          ],
        });
        expect(await settlesWithin(second, 5_000)).toBe(true);
        expect((await second)[0].accepted).toBe(1);
      } finally {
        await first.commit();
      }
      expect(
        await parentOf(knex, { type: 'ServiceDeployment', name: 'a/prod' }),
      ).toBe(resourceId('Service', 'a'));
    });

    it('makes a call that would close a cycle with an open call wait for it, then refuses its edge', async () => {
      const x = { type: 'Node', name: 'x' };
      const y = { type: 'Node', name: 'y' };
      await ingestBatches({
        knex,
        batches: [batch([resource(x.type, x.name), resource(y.type, y.name)])],
      });

      const first = await openWrite(
        knex,
        batch([resource(x.type, x.name, y)], { source: 'sqs:1' }),
      );
      const second = ingestBatches({
        knex,
        batches: [
          batch([resource(y.type, y.name, x)], {
            source: 'sqs:2',
            receivedAt: minutes(1),
          }),
        ],
      });
      try {
        expect(await settlesWithin(second, 300)).toBe(false);
      } finally {
        await first.commit();
      }

      const [outcome] = await second;
      expect(outcome.messages).toEqual([
        {
          index: 0,
          status: 'rejected',
          reason: 'messages.0.parent: would make Node y its own ancestor',
        },
      ]);
      expect(await parentOf(knex, x)).toBe(resourceId(y.type, y.name));
      expect(await parentOf(knex, y)).toBe(null);
    });

    it('never commits a cycle, however many calls race to re-parent the same resources', async () => {
      const rand = (() => {
        let state = 12345;
        return () => {
          state = (state * 1664525 + 1013904223) >>> 0;
          return state / 2 ** 32;
        };
      })();
      const node = (i: number) => ({ type: 'Node', name: `n-${i}` });
      const ingest = (b: IngestBatchInput) =>
        ingestBatches({ knex, batches: [b] });
      for (let round = 0; round < 3; round++) {
        const calls = Array.from({ length: 24 }, (_, c) =>
          batch(
            Array.from({ length: 2 }, () => {
              const child = Math.floor(rand() * 8);
              const parent = Math.floor(rand() * 8);
              return resource(
                node(child).type,
                node(child).name,
                child === parent ? null : node(parent),
              );
            }),
            {
              source: `sqs:${round}-${c}`,
              receivedAt: minutes(round * 100 + c),
            },
          ),
        );
        await Promise.all(calls.map(ingest));

        const cycles = await knex.raw(`
          WITH RECURSIVE walk(start, id, depth) AS (
            SELECT id, parent_id, 1 FROM resources WHERE parent_id IS NOT NULL
            UNION ALL
            SELECT w.start, r.parent_id, w.depth + 1
              FROM walk w JOIN resources r ON r.id = w.id
             WHERE r.parent_id IS NOT NULL AND w.depth < 20 AND w.id <> w.start
          )
          SELECT DISTINCT start FROM walk WHERE id = start`);
        expect(cycles.rows).toEqual([]);
      }
    });
  });
}
