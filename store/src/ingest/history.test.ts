import type { Knex } from 'knex';
import { resourceId } from '@cockpit/plugin-cockpit-common';
import { CockpitDatabase } from '../database';
import { testDatabaseEngines } from '../testing';
import { ingestBatches } from './ingestBatches';
import type { IngestBatchInput } from './types';

jest.setTimeout(120_000);

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();

interface Observation {
  resource: { type: string; name: string };
  type: string;
  value: unknown;
  minute: number;
}

const deployment = { type: 'ServiceDeployment', name: 'pay/prod' };
const instance = { type: 'ServiceInstance', name: 'pay/prod/i-1' };
const service = { type: 'Service', name: 'pay' };

/**
 * Several keys with changes, republishes of unchanged values and a value returning to an
 * earlier one (as each key's newest reading: see docs/contract.md on the one approximation).
 */
const feed: Observation[] = [
  ...[
    ['1.0', 1],
    ['1.0', 2],
    ['1.1', 3],
    ['1.1', 4],
    ['1.2', 5],
    ['1.0', 6],
  ].map(([version, minute]) => ({
    resource: deployment,
    type: 'deployment-info',
    value: { version },
    minute: minute as number,
  })),
  ...[
    ['UP', 1],
    ['DOWN', 2],
    ['DOWN', 3],
    ['UP', 4],
  ].map(([status, minute]) => ({
    resource: instance,
    type: 'health',
    value: { status },
    minute: minute as number,
  })),
  ...[1, 2, 3].map(minute => ({
    resource: service,
    type: 'ownership',
    value: { team: 'payments' },
    minute,
  })),
  ...[
    ['a', 2],
    ['b', 4],
    ['c', 6],
  ].map(([v, minute]) => ({
    resource: service,
    type: 'notes',
    value: v,
    minute: minute as number,
  })),
];

/** The versions the feed means: per key in time order, each reading whose value differs from the one before. */
function expectedVersions(observations: Observation[]) {
  const byKey = new Map<string, Observation[]>();
  for (const o of observations) {
    const key = `${resourceId(o.resource.type, o.resource.name)}\n${o.type}`;
    byKey.set(key, [...(byKey.get(key) ?? []), o]);
  }
  const rows = [];
  for (const [key, list] of byKey) {
    const [id, type] = key.split('\n');
    let last: string | undefined;
    for (const o of [...list].sort((a, b) => a.minute - b.minute)) {
      const value = JSON.stringify(o.value);
      if (value !== last) {
        rows.push({
          resource_id: id,
          type,
          valid_from: at(o.minute),
          value: o.value,
        });
      }
      last = value;
    }
  }
  return sortVersions(rows);
}

function sortVersions<T extends { resource_id: string; type: string }>(
  rows: Array<T & { valid_from: string }>,
) {
  return rows.sort(
    (a, b) =>
      a.resource_id.localeCompare(b.resource_id) ||
      a.type.localeCompare(b.type) ||
      a.valid_from.localeCompare(b.valid_from),
  );
}

function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed;
  const rand = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function batch(
  observations: Observation[],
  options: { source?: string; collector?: string } = {},
): IngestBatchInput {
  return {
    body: JSON.stringify({
      schemaVersion: 1,
      collector: options.collector ?? 'history-test',
      messages: observations.map(o => ({
        kind: 'reading',
        type: o.type,
        resource: o.resource,
        value: o.value,
        collectedAt: at(o.minute),
      })),
    }),
    source: options.source ?? 'sqs:m-1',
    receivedAt: new Date(T0),
  };
}

async function versions(knex: Knex) {
  const rows = await knex('reading_versions')
    .select('resource_id', 'type', 'valid_from', 'value')
    .orderBy(['resource_id', 'type', 'valid_from']);
  return sortVersions(
    rows.map(r => ({
      ...r,
      valid_from: new Date(r.valid_from).toISOString(),
    })),
  );
}

/** The current SNAPSHOT rows: value, latest time and when the value became true. */
async function current(knex: Knex) {
  const rows = await knex('readings')
    .where({ storage_mode: 'SNAPSHOT' })
    .select('resource_id', 'type', 'value', 'collected_at', 'value_since')
    .orderBy(['resource_id', 'type']);
  return rows.map(r => ({
    key: `${r.resource_id} ${r.type}`,
    value: r.value,
    collected_at: new Date(r.collected_at).toISOString(),
    value_since: new Date(r.value_since).toISOString(),
  }));
}

describe.each(testDatabaseEngines())('history writes on $name', engine => {
  let database: CockpitDatabase;
  let knex: Knex;

  beforeAll(async () => {
    database = await engine.open();
    knex = database.knex;
  });
  afterAll(() => database?.close());
  beforeEach(() =>
    knex.raw('TRUNCATE resources, readings, reading_versions, rejections'),
  );

  const ingest = async (batches: IngestBatchInput[]) => {
    const outcomes = await ingestBatches({ knex, batches });
    expect(outcomes.every(o => o.rejected === 0)).toBe(true);
  };

  /** The versions, and that each current row agrees with its version in force. */
  const settled = async () => {
    const rows = await versions(knex);
    const inForce = new Map<string, { valid_from: string; value: unknown }>();
    for (const row of rows) inForce.set(`${row.resource_id} ${row.type}`, row);
    for (const row of await current(knex)) {
      const version = inForce.get(row.key)!;
      expect({ value: row.value, since: row.value_since }).toEqual({
        value: version.value,
        since: version.valid_from,
      });
    }
    return rows;
  };

  it('keeps the versions the readings mean, in order, one message per call', async () => {
    for (const o of [...feed].sort((a, b) => a.minute - b.minute)) {
      await ingest([batch([o])]);
    }
    expect(await settled()).toEqual(expectedVersions(feed));
  });

  it.each([1, 2, 3, 4, 5])(
    'leaves the same versions for the feed shuffled (seed %i), one message per call, then redelivered',
    async seed => {
      const order = shuffled(feed, seed);
      for (const o of order) await ingest([batch([o])]);
      expect(await settled()).toEqual(expectedVersions(feed));
      for (const o of shuffled(feed, seed + 100)) await ingest([batch([o])]);
      expect(await settled()).toEqual(expectedVersions(feed));
    },
  );

  it.each([1, 2, 3])(
    'leaves the same versions for the feed shuffled (seed %i) in one call, and split across concurrent calls',
    async seed => {
      await ingest([batch(shuffled(feed, seed))]);
      expect(await settled()).toEqual(expectedVersions(feed));
      await knex.raw(
        'TRUNCATE resources, readings, reading_versions, rejections',
      );
      const order = shuffled(feed, seed + 7);
      const parts = [0, 1, 2, 3].map(p => order.filter((_, i) => i % 4 === p));
      await Promise.all(parts.map(part => ingest([batch(part)])));
      await Promise.all(parts.map(part => ingest([batch(part)])));
      expect(await settled()).toEqual(expectedVersions(feed));
    },
  );

  it('adds no version for a republish of the unchanged reading set', async () => {
    await ingest([batch(feed)]);
    const before = await settled();
    const latest = new Map<string, Observation>();
    for (const o of [...feed].sort((a, b) => a.minute - b.minute)) {
      latest.set(`${o.resource.name} ${o.type}`, o);
    }
    const republish = [...latest.values()].map(o => ({ ...o, minute: 60 }));
    await ingest([batch(republish)]);
    expect(await versions(knex)).toEqual(before);
    expect((await current(knex)).every(r => r.collected_at === at(60))).toBe(
      true,
    );
    expect(await settled()).toEqual(before);
  });

  it('puts a late older reading in the past, before the version in force', async () => {
    const reading = (value: string, minute: number) => ({
      resource: service,
      type: 'notes',
      value,
      minute,
    });
    await ingest([batch([reading('a', 10)])]);
    await ingest([batch([reading('b', 5)])]);
    expect((await settled()).map(v => [v.valid_from, v.value])).toEqual([
      [at(5), 'b'],
      [at(10), 'a'],
    ]);
    expect((await current(knex))[0]).toMatchObject({
      value: 'a',
      collected_at: at(10),
    });
  });

  it('splits the version in force by a late reading inside its span: it resumes at its latest observation', async () => {
    const reading = (value: string, minute: number) => ({
      resource: service,
      type: 'notes',
      value,
      minute,
    });
    await ingest([batch([reading('a', 1)])]);
    await ingest([batch([reading('a', 10)])]);
    expect(await versions(knex)).toHaveLength(1);
    await ingest([batch([reading('b', 5)])]);
    expect((await settled()).map(v => [v.valid_from, v.value])).toEqual([
      [at(1), 'a'],
      [at(5), 'b'],
      [at(10), 'a'],
    ]);
    // the same, when the older readings come in one call with the newer
    await knex.raw('TRUNCATE resources, readings, reading_versions');
    await ingest([batch([reading('a', 10), reading('b', 5), reading('a', 1)])]);
    expect((await settled()).map(v => [v.valid_from, v.value])).toEqual([
      [at(1), 'a'],
      [at(5), 'b'],
      [at(10), 'a'],
    ]);
  });

  it('records the collector and the delivery on readings of both modes and on versions', async () => {
    const body = (collector: string) =>
      JSON.stringify({
        schemaVersion: 1,
        collector,
        messages: [
          {
            kind: 'reading',
            type: 'notes',
            resource: service,
            value: collector,
            collectedAt: at(collector === 'first' ? 1 : 2),
          },
          {
            kind: 'reading',
            type: 'cpu',
            storageMode: 'TIME_SERIES',
            resource: service,
            value: 1,
            collectedAt: at(collector === 'first' ? 1 : 2),
          },
        ],
      });
    await ingestBatches({
      knex,
      batches: [
        { body: body('first'), source: 'sns:n-1', receivedAt: new Date(T0) },
      ],
    });
    await ingestBatches({
      knex,
      batches: [
        { body: body('second'), source: 'http', receivedAt: new Date(T0) },
      ],
    });
    expect(
      await knex('readings')
        .orderBy(['storage_mode', 'collected_at'])
        .select('storage_mode', 'collector', 'source'),
    ).toEqual([
      { storage_mode: 'SNAPSHOT', collector: 'second', source: 'http' },
      { storage_mode: 'TIME_SERIES', collector: 'first', source: 'sns:n-1' },
      { storage_mode: 'TIME_SERIES', collector: 'second', source: 'http' },
    ]);
    expect(
      await knex('reading_versions')
        .orderBy('valid_from')
        .select('value', 'collector', 'source'),
    ).toEqual([
      { value: 'first', collector: 'first', source: 'sns:n-1' },
      { value: 'second', collector: 'second', source: 'http' },
    ]);
  });
});
