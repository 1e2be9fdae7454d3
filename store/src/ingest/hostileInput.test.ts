import type { Knex } from 'knex';
import { CockpitDatabase } from '../database';
import { testDatabaseEngines } from '../testing';
import { ingestBatches } from './ingestBatches';

jest.setTimeout(60_000);

const T0 = new Date('2026-12-02T10:00:00.000Z');
const DEPTH = 10_000;
const nested = (inner = '') =>
  `${'['.repeat(DEPTH)}${inner}${']'.repeat(DEPTH)}`;
const target = '{"type":"Service","name":"s"}';
const readingText = (value: string, type = 'deep') =>
  `{"kind":"reading","type":"${type}","resource":${target},"value":${value}}`;
const batchText = (messages: string) =>
  `{"schemaVersion":1,"collector":"c","messages":${messages}}`;

async function rejections(knex: Knex) {
  return knex('rejections')
    .select('source', 'message_index', 'payload', 'reason')
    .orderBy(['source', 'message_index']);
}

describe.each(testDatabaseEngines())('hostile input on $name', engine => {
  let database: CockpitDatabase;
  let knex: Knex;

  beforeAll(async () => {
    database = await engine.open();
    knex = database.knex;
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    await knex.raw('TRUNCATE resources, readings, rejections CASCADE');
  });

  it('quarantines a message nested 10,000 levels deep in messages, keeping its text as received', async () => {
    const deepMessage = nested('{"kind":"resource"}');
    const body = batchText(
      `[ ${deepMessage} , {"kind":"resource","type":"Service","name":"s"}]`,
    );

    const [outcome] = await ingestBatches({
      knex,
      batches: [{ body, source: 'http', receivedAt: T0 }],
    });

    expect(outcome.accepted).toBe(1);
    expect(outcome.messages[0]).toEqual({
      index: 0,
      status: 'rejected',
      reason: expect.stringMatching(/^messages\.0: /),
    });
    expect(await rejections(knex)).toEqual([
      {
        source: 'http',
        message_index: 0,
        payload: deepMessage,
        reason: outcome.messages[0].reason,
      },
    ]);
  });

  it('stores a body whose messages array itself is nested 10,000 levels deep whole, as received', async () => {
    const body = batchText(nested());
    const [outcome] = await ingestBatches({
      knex,
      batches: [{ body, source: 'http', receivedAt: T0 }],
    });

    // `messages` holds one element, an array: it is not a message.
    expect(outcome.accepted).toBe(0);
    const [row] = await rejections(knex);
    expect(row.payload).toBe(nested().slice(1, -1));
  });

  it('keeps each of two different values nested 10,000 levels deep as its own row, with its own text', async () => {
    const first = readingText(nested('1'));
    const second = readingText(nested('2'));
    const body = batchText(`[${first},${second}]`);

    const [outcome] = await ingestBatches({
      knex,
      batches: [{ body, source: 'sqs:deep', receivedAt: T0 }],
    });
    // Redelivered: still one row per message.
    await ingestBatches({
      knex,
      batches: [{ body, source: 'sqs:deep', receivedAt: T0 }],
    });

    expect(outcome.rejected).toBe(2);
    expect((await rejections(knex)).map(r => r.payload)).toEqual([
      first,
      second,
    ]);
  });

  it('stores a body that is not a publish batch exactly as received, and tells its rejection id', async () => {
    const bodies = ['', 'plain text', '<xml/>', '[1,2,3]', nested(), '{"a":1}'];
    const outcomes = await ingestBatches({
      knex,
      batches: bodies.map((body, i) => ({
        body,
        source: `http:${i}`,
        receivedAt: T0,
      })),
    });

    const stored = await knex('rejections')
      .select('id', 'source', 'payload')
      .orderBy('source');
    expect(stored.map(r => r.payload)).toEqual(bodies);
    for (const [i, outcome] of outcomes.entries()) {
      expect(outcome.batchRejected).toEqual(expect.any(String));
      expect(outcome.rejectionId).toBe(
        String(stored.find(r => r.source === `http:${i}`)!.id),
      );
    }
  });

  it('keeps a message as written, whitespace, escapes and key order included', async () => {
    const message = `{ "type" : "t\\u0041", "kind":"reading",\n "resource":${target}, "value": {"n": 1.50, "n": 2}, "extra": true }`;
    const body = batchText(`[${message}]`);

    await ingestBatches({
      knex,
      batches: [{ body, source: 'sqs:raw', receivedAt: T0 }],
    });

    expect((await rejections(knex)).map(r => r.payload)).toEqual([message]);
  });

  it('stores a body holding NUL characters and lone surrogates with only those made storable', async () => {
    const body = 'not json \u0000 \ud800 end';

    const [outcome] = await ingestBatches({
      knex,
      batches: [{ body, source: 'http', receivedAt: T0 }],
    });

    expect(outcome.batchRejected).toMatch(/^body: not valid JSON/);
    expect((await rejections(knex)).map(r => r.payload)).toEqual([
      'not json \\u0000 \ufffd end',
    ]);
  });
});
