import fc from 'fast-check';
import type { Knex } from 'knex';
import { CockpitDatabase } from '../database';
import { testDatabaseEngines } from '../testing';
import { ingestBatches } from './ingestBatches';
import { LONE_SURROGATE } from './jsonText';
import { validateBatchText } from './validate';

/**
 * Property-based tests of the ingestion core. `yarn test` runs a bounded number of cases;
 * `yarn fuzz:ingest` runs many more (FUZZ_RUNS, default there 2,000 per property; FUZZ_SEED
 * replays a failure fast-check reported).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const settings = (numRuns: number) => ({
  numRuns,
  ...(SEED === undefined ? {} : { seed: SEED }),
});

jest.setTimeout(Math.max(120_000, RUNS * 2_000));

/** JSON text of a string holding hostile characters: NUL, lone surrogates, escapes, emoji. */
const hostileString = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom(
        '\\u0000',
        '\\ud800',
        '\\udc00',
        '\ud800',
        '\\ud83d\\ude80',
        '\ud83d\ude80',
        '\\"',
        '\\\\',
        '__proto__',
      ),
    ),
    { maxLength: 6 },
  )
  .map(
    parts =>
      `"${parts
        .map(p =>
          p.startsWith('\\') || /^[\ud800-\udfff]/.test(p) ? p : escapeRaw(p),
        )
        .join('')}"`,
  );

function escapeRaw(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** JSON text nested `depth` levels deep around a scalar. */
const deepValue = fc
  .tuple(fc.integer({ min: 1, max: 3_000 }), fc.constantFrom('[', '{"a":'))
  .map(([depth, open]) => {
    const close = open === '[' ? ']' : '}';
    return `${open.repeat(depth)}1${close.repeat(depth)}`;
  });

/** The JSON text of some value: ordinary, hostile, deep or large. */
const valueText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 2, arbitrary: hostileString },
  { weight: 1, arbitrary: deepValue },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 250_000 })
      .map(n => `"${'x'.repeat(n)}"`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '1e400',
      '-1e999',
      '1e200000',
      '12345678901234567890123',
    ),
  },
);

const ref = fc
  .tuple(
    fc.constantFrom('Service', 'ServiceInstance', 'Team'),
    fc.constantFrom('a', 'b', 'c'),
  )
  .map(([type, name]) => `{"type":"${type}","name":"${name}"}`);

/** One message as text: a valid one, or one with a field wrong, repeated, unknown or hostile. */
const messageText: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('resource', 'reading'),
    fc.array(
      fc.oneof(
        fc.tuple(
          fc.constant('type'),
          fc.oneof(fc.constant('"metric"'), valueText),
        ),
        fc.tuple(fc.constant('name'), fc.oneof(fc.constant('"a"'), valueText)),
        fc.tuple(
          fc.constant('parent'),
          fc.oneof(ref, fc.constant('null'), valueText),
        ),
        fc.tuple(fc.constant('resource'), fc.oneof(ref, valueText)),
        fc.tuple(fc.constant('value'), valueText),
        fc.tuple(
          fc.constant('storageMode'),
          fc.constantFrom('"SNAPSHOT"', '"TIME_SERIES"', '"BOTH"'),
        ),
        fc.tuple(
          fc.constant('collectedAt'),
          fc.constantFrom(
            '"2026-12-01T10:00:00Z"',
            '"2026-12-01T10:00:01.5+02:00"',
            '"yesterday"',
            '42',
          ),
        ),
        fc.tuple(
          fc.constantFrom('__proto__', 'constructor', 'kind', 'extra'),
          valueText,
        ),
      ),
      { maxLength: 7 },
    ),
  )
  .map(([kind, fields]) => {
    const base =
      kind === 'resource'
        ? [
            ['type', '"Service"'],
            ['name', '"a"'],
          ]
        : [
            ['type', '"metric"'],
            ['resource', '{"type":"Service","name":"a"}'],
            ['value', '1'],
          ];
    const entries = [['kind', `"${kind}"`], ...base, ...fields];
    return `{${entries.map(([k, v]) => `"${k}":${v}`).join(', ')}}`;
  });

/** A batch text: mostly near-valid, sometimes any JSON or no JSON at all. */
const batchText: fc.Arbitrary<{ text: string; messages?: string[] }> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(
        fc.array(
          fc.oneof(
            { weight: 6, arbitrary: messageText },
            { weight: 1, arbitrary: valueText },
          ),
          { minLength: 1, maxLength: 6 },
        ),
        fc.constantFrom('', ' ', '\n  '),
      )
      .map(([messages, ws]) => ({
        text: `{"schemaVersion":1,${ws}"collector":"fuzz","messages":[${ws}${messages.join(
          `${ws},`,
        )}${ws}]}`,
        messages,
      })),
  },
  { weight: 1, arbitrary: fc.json({ maxDepth: 4 }).map(text => ({ text })) },
  {
    weight: 1,
    arbitrary: fc.string({ maxLength: 50 }).map(text => ({ text })),
  },
  {
    weight: 1,
    arbitrary: deepValue.map(v => ({
      text: `{"schemaVersion":1,"collector":"c","messages":${v}}`,
    })),
  },
);

/** What a text column keeps of a received text (NUL and lone surrogates cannot be stored). */
function asStored(text: string): string {
  return text.split('\u0000').join('\\u0000').replace(LONE_SURROGATE, '\ufffd');
}

describe('validateBatchText', () => {
  it('never throws, and gives every message of a batch a verdict with its own text', () => {
    expect(() =>
      fc.assert(
        fc.property(batchText, ({ text, messages }) => {
          const result = validateBatchText(text);
          const refused = result.batchProblems.length > 0;
          // A refused batch has no message verdicts; otherwise each message keeps its text.
          return refused
            ? result.messages.length === 0
            : messages === undefined ||
                JSON.stringify(result.messages.map(m => m.text)) ===
                  JSON.stringify(messages);
        }),
        settings(RUNS * 20),
      ),
    ).not.toThrow();
  });

  it('never throws on any JSON value or any text at all', () => {
    expect(() =>
      fc.assert(
        fc.property(
          fc.oneof(fc.json(), fc.string(), fc.string({ unit: 'binary' })),
          text => {
            validateBatchText(text);
          },
        ),
        settings(RUNS * 20),
      ),
    ).not.toThrow();
  });
});

async function rows(knex: Knex) {
  const [resources, readings, rejections] = await Promise.all([
    knex('resources').select('id', 'type', 'name', 'parent_id').orderBy('id'),
    knex('readings')
      .select(
        knex.raw(
          'resource_id, type, storage_mode, collected_at, value::text AS value',
        ),
      )
      .orderBy(['resource_id', 'type', 'collected_at']),
    knex('rejections')
      .select('source', 'message_index', 'payload', 'reason')
      .orderBy('dedupe_key'),
  ]);
  return { resources, readings, rejections };
}

describe.each(testDatabaseEngines())(
  'ingestBatches on $name, property-based',
  engine => {
    let database: CockpitDatabase;
    let knex: Knex;

    beforeAll(async () => {
      database = await engine.open();
      knex = database.knex;
    });
    afterAll(async () => {
      await database?.close();
    });

    it('lands or quarantines every input with its text as received, and a redelivery changes nothing', async () => {
      let call = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(batchText, { minLength: 1, maxLength: 3 }),
          async batches => {
            await knex.raw('TRUNCATE resources, readings, rejections CASCADE');
            call++;
            const inputs = batches.map((b, i) => ({
              body: b.text,
              source: `sqs:${call}-${i}`,
              receivedAt: new Date('2026-12-02T10:00:00Z'),
            }));

            const outcomes = await ingestBatches({ knex, batches: inputs });
            const first = await rows(knex);
            await ingestBatches({ knex, batches: inputs });
            const second = await rows(knex);

            expect(second).toEqual(first);
            // Each batch: refused whole (one rejection, the body as received), or one verdict
            // per message, each refused message stored with its own text as received.
            const validations = inputs.map(input =>
              validateBatchText(input.body),
            );
            expect(outcomes.map(o => o.accepted + o.rejected)).toEqual(
              validations.map(v =>
                v.batchProblems.length > 0 ? 1 : v.messages.length,
              ),
            );
            type Row = {
              source: string;
              message_index: number | null;
              payload: string;
              reason?: string;
            };
            const expected = outcomes.flatMap((outcome, i): Row[] =>
              outcome.batchRejected !== undefined
                ? [
                    {
                      source: inputs[i].source,
                      message_index: null,
                      payload: asStored(inputs[i].body),
                      reason: outcome.batchRejected,
                    },
                  ]
                : outcome.messages
                    .filter(m => m.status === 'rejected')
                    .map(m => ({
                      source: inputs[i].source,
                      message_index: m.index,
                      payload: asStored(validations[i].messages[m.index].text),
                      reason: m.reason,
                    })),
            );
            const order = (
              list: Array<{ source: string; message_index: number | null }>,
            ) =>
              [...list].sort((x, y) =>
                `${x.source}:${x.message_index}`.localeCompare(
                  `${y.source}:${y.message_index}`,
                ),
              );
            expect(order(first.rejections)).toEqual(order(expected));
          },
        ),
        settings(RUNS),
      );
    });
  },
);
