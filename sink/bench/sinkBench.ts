/**
 * `yarn bench:sink`: how fast the sink stores readings, against two references, on the real
 * PostgreSQL server named by COCKPIT_DATABASE_URL.
 *
 * - sink: the real Lambda handler on SQS events of 10 records x 100-message batches, as an
 *   event source mapping delivers them (parse, validate, dedupe, one transaction per event);
 * - ceiling: the same rows written by one raw `INSERT ... SELECT FROM unnest(...) ON CONFLICT`
 *   per 1000 rows with node-postgres (no parsing, no validation);
 * - naive: one upsert statement per message.
 *
 * Each run gets a fresh database, created and dropped here. Options (env):
 * BENCH_READINGS (default 200000), BENCH_RESOURCES (default 20000), BENCH_CONCURRENCY
 * (concurrent sink invocations and ceiling writers, default 1), BENCH_ROUNDS (sink and
 * ceiling runs, alternating; the medians are compared; default 3), BENCH_NAIVE_MESSAGES (the
 * naive baseline commits once per message, a few thousand per second: by default it runs on
 * every message, which takes over a minute; set this to run it on that many leading messages
 * for a quicker estimate), BENCH_SKIP_NAIVE=1, BENCH_POOL_MAX (connections of the knex pool
 * the concurrent invocations share; default 2, as one Lambda environment has), BENCH_TRACE=1
 * (the sink's statements: count and time by kind; what the sessions of sink and ceiling
 * waited for, sampled from pg_stat_activity; the parent check function's calls and time).
 *
 * Every sink run prints its parent checks (without lock, with per-resource locks, alone after
 * meeting another call's locks) and the statements that failed and were retried, by SQLSTATE.
 *
 * Before the clock, sink and ceiling run once on a throwaway database with the first
 * 10% of the messages, so the figures are those of a warm process (a warm Lambda).
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { mapConcurrently, resourceId } from '@cockpit/plugin-cockpit-common';
import { createKnex, openCockpitDatabase } from '@cockpit/store';
import { createSinkKnex } from '../src/database';
import {
  createSinkHandler,
  SinkLogger,
  SqsBatchResponse,
} from '../src/handler';
import { sqsEvent } from '../src/testEvents';
import {
  countParentChecks,
  describeParentChecks,
  functionTimes,
  sampleWaits,
} from './lockProbe';

const SERVER_URL = process.env.COCKPIT_DATABASE_URL;
const READINGS = Number(process.env.BENCH_READINGS ?? 200_000);
const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 20_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 1);
const MESSAGES_PER_BATCH = 100;
const BATCHES_PER_EVENT = 10;
const ROWS_PER_STATEMENT = 1000;
const NAIVE_MESSAGES = Number(process.env.BENCH_NAIVE_MESSAGES ?? Infinity);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const TRACE = process.env.BENCH_TRACE === '1';

interface Ref {
  type: string;
  name: string;
}
type Message =
  | { kind: 'resource'; type: string; name: string; parent?: Ref }
  | {
      kind: 'reading';
      type: string;
      storageMode: 'SNAPSHOT' | 'TIME_SERIES';
      resource: Ref;
      value: unknown;
      collectedAt: string;
    };

/** A small deterministic PRNG, so every run writes the same data. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The fleet: services, their deployments and instances (every non-service has a parent),
 * each resource announced before its readings and after its parent, as collectors publish.
 * Half of the readings are SNAPSHOT (distinct types per resource), half TIME_SERIES points.
 * Values are 0.3 to 2 KB of JSON.
 */
function generateMessages(): Message[] {
  const rand = random(42);
  const words = [
    'alpha',
    'beta',
    'gamma',
    'delta',
    'kappa',
    'omega',
    'sigma',
    'theta',
  ];
  const text = (bytes: number) => {
    let out = '';
    while (out.length < bytes)
      out += `${words[Math.floor(rand() * words.length)]} `;
    return out.slice(0, bytes);
  };
  const value = (i: number) => {
    const size = 300 + Math.floor(rand() * 1700);
    const base = {
      status: ['UP', 'DOWN', 'DEGRADED'][i % 3],
      version: `1.${i % 50}.${i % 7}`,
      seq: i,
    };
    const overhead = JSON.stringify(base).length + 40;
    return {
      ...base,
      tags: ['bench', `shard-${i % 16}`],
      note: text(Math.max(0, size - overhead)),
    };
  };

  const services = Math.max(1, Math.round(RESOURCES / 40));
  const deployments = Math.max(services, Math.round(RESOURCES / 10));
  const instances = RESOURCES - services - deployments;
  const readingsPerResource = READINGS / RESOURCES;
  const snapshotsPerResource = Math.floor(readingsPerResource / 2);
  const pointsPerResource = Math.ceil(readingsPerResource / 2);

  const messages: Message[] = [];
  let readingIndex = 0;
  const t0 = Date.parse('2026-11-01T00:00:00Z');
  const addReadings = (ref: Ref) => {
    for (let s = 0; s < snapshotsPerResource && readingIndex < READINGS; s++) {
      messages.push({
        kind: 'reading',
        type: `snapshot-${s}`,
        storageMode: 'SNAPSHOT',
        resource: ref,
        value: value(readingIndex++),
        collectedAt: new Date(t0 + readingIndex * 1000).toISOString(),
      });
    }
    for (let p = 0; p < pointsPerResource && readingIndex < READINGS; p++) {
      messages.push({
        kind: 'reading',
        type: 'metric',
        storageMode: 'TIME_SERIES',
        resource: ref,
        value: value(readingIndex++),
        collectedAt: new Date(t0 + p * 60_000).toISOString(),
      });
    }
  };

  let deploymentCount = 0;
  let instanceCount = 0;
  for (let s = 0; s < services; s++) {
    const service = { type: 'Service', name: `bench-service-${s}` };
    messages.push({ kind: 'resource', ...service });
    addReadings(service);
    const myDeployments =
      Math.floor(((s + 1) * deployments) / services) - deploymentCount;
    for (let d = 0; d < myDeployments; d++, deploymentCount++) {
      const deployment = {
        type: 'ServiceDeployment',
        name: `${service.name}/env-${d}`,
      };
      messages.push({ kind: 'resource', ...deployment, parent: service });
      addReadings(deployment);
      const myInstances =
        Math.floor(((deploymentCount + 1) * instances) / deployments) -
        instanceCount;
      for (let i = 0; i < myInstances; i++, instanceCount++) {
        const instance = {
          type: 'ServiceInstance',
          name: `${deployment.name}/i-${i}`,
        };
        messages.push({ kind: 'resource', ...instance, parent: deployment });
        addReadings(instance);
      }
    }
  }
  return messages;
}

/** A fresh migrated database on the server; dropped by the returned function. */
async function freshDatabase(
  label: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cockpit_bench_${label}_${randomBytes(4).toString('hex')}`;
  const admin = createKnex({ url: SERVER_URL!, pool: { max: 1 } });
  try {
    await admin.raw(`CREATE DATABASE ${name}`);
    // BENCH_TRACE=1: time spent in the parent check function, as PostgreSQL counts it.
    if (TRACE)
      await admin.raw(`ALTER DATABASE ${name} SET track_functions = 'pl'`);
  } finally {
    await admin.destroy();
  }
  const url = new URL(SERVER_URL!);
  url.pathname = `/${name}`;
  const database = await openCockpitDatabase({
    url: url.toString(),
    migrate: true,
  });
  await database.close();
  return {
    url: url.toString(),
    async drop() {
      const cleanup = createKnex({ url: SERVER_URL!, pool: { max: 1 } });
      try {
        await cleanup.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleanup.destroy();
      }
    },
  };
}

async function countRows(url: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT
      (SELECT count(*)::int FROM resources) AS resources,
      (SELECT count(*)::int FROM resources WHERE parent_id IS NOT NULL) AS with_parent,
      (SELECT count(*)::int FROM readings WHERE storage_mode = 'SNAPSHOT') AS snapshots,
      (SELECT count(*)::int FROM readings WHERE storage_mode = 'TIME_SERIES') AS points,
      (SELECT count(*)::int FROM rejections) AS rejections`);
    return rows[0];
  } finally {
    await client.end();
  }
}

const silentLogger: SinkLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

async function benchSink(url: string, messages: Message[]): Promise<number> {
  const bodies: string[] = [];
  for (let i = 0; i < messages.length; i += MESSAGES_PER_BATCH) {
    bodies.push(
      JSON.stringify({
        schemaVersion: 1,
        collector: 'bench',
        messages: messages.slice(i, i + MESSAGES_PER_BATCH),
      }),
    );
  }
  const events = [];
  for (let i = 0; i < bodies.length; i += BATCHES_PER_EVENT) {
    const event = sqsEvent(
      bodies.slice(i, i + BATCHES_PER_EVENT).map((body, j) => ({
        messageId: `bench-${i + j}`,
        body,
      })),
    );
    // As the Lambda runtime hands it over: parsed from the event's JSON. (JSON.stringify builds
    // large strings as ropes; the handler would pay for flattening each on first use.)
    events.push(JSON.parse(JSON.stringify(event)));
  }
  const knex = createSinkKnex({
    url,
    env: { COCKPIT_DATABASE_POOL_MAX: process.env.BENCH_POOL_MAX ?? '2' },
  });
  const handler = createSinkHandler({
    getKnex: async () => knex,
    logger: silentLogger,
  });
  // BENCH_TRACE=1: where the sink's database time goes, statement by statement (the time
  // from sending a statement to handling its answer, so it includes waiting on this process).
  const statementMs = new Map<string, { ms: number; count: number }>();
  if (TRACE) {
    const sentAt = new Map<string, number>();
    knex.on('query', (query: { __knexQueryUid: string }) =>
      sentAt.set(query.__knexQueryUid, performance.now()),
    );
    knex.on(
      'query-response',
      (_response: unknown, query: { __knexQueryUid: string; sql: string }) => {
        const ms = performance.now() - (sentAt.get(query.__knexQueryUid) ?? 0);
        sentAt.delete(query.__knexQueryUid);
        const kind = query.sql.trim().replace(/\s+/g, ' ').slice(0, 40);
        const total = statementMs.get(kind) ?? { ms: 0, count: 0 };
        statementMs.set(kind, { ms: total.ms + ms, count: total.count + 1 });
      },
    );
  }
  const parentChecks = countParentChecks(knex);
  let waits: Awaited<ReturnType<typeof sampleWaits>> | undefined;
  try {
    await knex.raw('SELECT 1');
    waits = TRACE ? await sampleWaits(url) : undefined;
    const started = performance.now();
    await mapConcurrently(events, { concurrency: CONCURRENCY }, async event => {
      const response = (await handler(event)) as SqsBatchResponse;
      if (response.batchItemFailures.length > 0) {
        throw new Error(
          `the sink failed ${response.batchItemFailures.length} records`,
        );
      }
    });
    const ms = performance.now() - started;
    for (const [kind, { ms: total, count }] of statementMs) {
      process.stderr.write(
        `  trace: ${count} x ${kind}... ${Math.round(total)} ms\n`,
      );
    }
    if (waits) process.stderr.write(`  trace: ${await waits.stop()}\n`);
    process.stderr.write(`  locks: ${describeParentChecks(parentChecks)}\n`);
    return ms;
  } finally {
    await waits?.stop();
    await knex.destroy();
  }
}

async function benchCeiling(url: string, messages: Message[]): Promise<number> {
  // Rows prepared outside the clock: the ceiling measures PostgreSQL alone.
  const resources = messages.flatMap(m =>
    m.kind === 'resource'
      ? [
          [
            resourceId(m.type, m.name),
            m.type,
            m.name,
            m.parent ? resourceId(m.parent.type, m.parent.name) : null,
          ],
        ]
      : [],
  );
  const readings = messages.flatMap(m =>
    m.kind === 'reading'
      ? [
          [
            m.type,
            resourceId(m.resource.type, m.resource.name),
            JSON.stringify(m.value),
            m.collectedAt,
            m.storageMode,
          ],
        ]
      : [],
  );
  const chunks = <T>(rows: T[]) => {
    const out: T[][] = [];
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT)
      out.push(rows.slice(i, i + ROWS_PER_STATEMENT));
    return out;
  };
  const column = (rows: unknown[][], i: number) => rows.map(r => r[i]);
  const clients = await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      return client;
    }),
  );
  let waits: Awaited<ReturnType<typeof sampleWaits>> | undefined;
  try {
    waits = TRACE ? await sampleWaits(url) : undefined;
    const started = performance.now();
    // Parents come first in the data, so resources are written in order, one writer.
    for (const rows of chunks(resources)) {
      await clients[0].query(
        `INSERT INTO resources (id, type, name, parent_id)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[])
         ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id`,
        [column(rows, 0), column(rows, 1), column(rows, 2), column(rows, 3)],
      );
    }
    let free = [...clients];
    await mapConcurrently(
      chunks(readings),
      { concurrency: CONCURRENCY },
      async rows => {
        const client = free.pop()!;
        try {
          const snapshots = rows.filter(r => r[4] === 'SNAPSHOT');
          const points = rows.filter(r => r[4] === 'TIME_SERIES');
          if (snapshots.length) {
            await client.query(
              `INSERT INTO readings (type, resource_id, value, storage_mode, collected_at)
             SELECT t, r, v::jsonb, 'SNAPSHOT', c FROM unnest($1::text[], $2::uuid[], $3::text[], $4::timestamptz[]) AS u(t, r, v, c)
             ON CONFLICT (resource_id, type) WHERE storage_mode = 'SNAPSHOT'
             DO UPDATE SET value = excluded.value, collected_at = excluded.collected_at
             WHERE excluded.collected_at >= readings.collected_at`,
              [
                column(snapshots, 0),
                column(snapshots, 1),
                column(snapshots, 2),
                column(snapshots, 3),
              ],
            );
          }
          if (points.length) {
            await client.query(
              `INSERT INTO readings (type, resource_id, value, storage_mode, collected_at)
             SELECT t, r, v::jsonb, 'TIME_SERIES', c FROM unnest($1::text[], $2::uuid[], $3::text[], $4::timestamptz[]) AS u(t, r, v, c)
             ON CONFLICT (resource_id, type, collected_at) WHERE storage_mode = 'TIME_SERIES' DO NOTHING`,
              [
                column(points, 0),
                column(points, 1),
                column(points, 2),
                column(points, 3),
              ],
            );
          }
        } finally {
          free.push(client);
        }
      },
    );
    free = [];
    const ms = performance.now() - started;
    if (waits) process.stderr.write(`  trace: ${await waits.stop()}\n`);
    return ms;
  } finally {
    await waits?.stop();
    await Promise.all(clients.map(c => c.end()));
  }
}

async function benchNaive(url: string, messages: Message[]): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    for (const m of messages) {
      if (m.kind === 'resource') {
        await client.query(
          `INSERT INTO resources (id, type, name, parent_id) VALUES ($1, $2, $3, $4)
           ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, last_seen_on = now()`,
          [
            resourceId(m.type, m.name),
            m.type,
            m.name,
            m.parent ? resourceId(m.parent.type, m.parent.name) : null,
          ],
        );
      } else if (m.storageMode === 'SNAPSHOT') {
        await client.query(
          `INSERT INTO readings (type, resource_id, value, storage_mode, collected_at)
           VALUES ($1, $2, $3, 'SNAPSHOT', $4)
           ON CONFLICT (resource_id, type) WHERE storage_mode = 'SNAPSHOT'
           DO UPDATE SET value = excluded.value, collected_at = excluded.collected_at
           WHERE excluded.collected_at >= readings.collected_at`,
          [
            m.type,
            resourceId(m.resource.type, m.resource.name),
            JSON.stringify(m.value),
            m.collectedAt,
          ],
        );
      } else {
        await client.query(
          `INSERT INTO readings (type, resource_id, value, storage_mode, collected_at)
           VALUES ($1, $2, $3, 'TIME_SERIES', $4)
           ON CONFLICT (resource_id, type, collected_at) WHERE storage_mode = 'TIME_SERIES' DO NOTHING`,
          [
            m.type,
            resourceId(m.resource.type, m.resource.name),
            JSON.stringify(m.value),
            m.collectedAt,
          ],
        );
      }
    }
    return performance.now() - started;
  } finally {
    await client.end();
  }
}

let checkpointRefused = false;

/**
 * Flushes the server's dirty pages before a measured run, so that no run pays for a checkpoint
 * the previous ones made due (its writes and the full-page images it forces into the WAL).
 * Needs a superuser or the pg_checkpoint role; without it the runs go on, less comparable.
 */
async function checkpoint() {
  if (checkpointRefused) return;
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query('CHECKPOINT');
  } catch (error) {
    checkpointRefused = true;
    process.stderr.write(
      `no CHECKPOINT before each run (${
        (error as Error).message
      }): figures vary more\n`,
    );
  } finally {
    await client.end();
  }
}

interface Measurement {
  ms: number;
  perSecond: number;
  rows: Record<string, number>;
}

async function measure(
  label: string,
  messages: Message[],
  run: (url: string, messages: Message[]) => Promise<number>,
  round?: number,
): Promise<Measurement> {
  const database = await freshDatabase(label);
  try {
    await checkpoint();
    const ms = await run(database.url, messages);
    const rows = await countRows(database.url);
    if (TRACE && label === 'sink') {
      process.stderr.write(`  trace: ${await functionTimes(database.url)}\n`);
    }
    const perSecond = (rows.snapshots + rows.points) / (ms / 1000);
    process.stdout.write(
      `${(round ? `${label} ${round}` : label).padEnd(10)} ${(ms / 1000)
        .toFixed(2)
        .padStart(7)} s  ${Math.round(perSecond)
        .toLocaleString('en-US')
        .padStart(9)} readings/s  rows ${JSON.stringify(rows)}\n`,
    );
    return { ms, perSecond, rows };
  } finally {
    await database.drop();
  }
}

async function main() {
  if (!SERVER_URL) {
    process.stderr.write(
      'bench:sink measures against a real PostgreSQL server: set COCKPIT_DATABASE_URL, e.g.\n' +
        '  COCKPIT_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test yarn bench:sink\n',
    );
    process.exitCode = 2;
    return;
  }
  const messages = generateMessages();
  const readings = messages.filter(m => m.kind === 'reading');
  const bytes = readings.reduce(
    (sum, m) => sum + JSON.stringify((m as any).value).length,
    0,
  );
  process.stdout.write(
    `bench:sink on ${new URL(SERVER_URL).host}: ${readings.length} readings ` +
      `(${
        readings.filter(m => (m as any).storageMode === 'SNAPSHOT').length
      } SNAPSHOT), ` +
      `${messages.length - readings.length} resources, ${
        messages.length
      } messages, ` +
      `mean value ${Math.round(bytes / readings.length)} B; ` +
      `sink events of ${BATCHES_PER_EVENT} x ${MESSAGES_PER_BATCH}-message batches; concurrency ${CONCURRENCY}\n`,
  );

  const warmUp = messages.slice(0, Math.ceil(messages.length / 10));
  for (const run of [benchSink, benchCeiling]) {
    const database = await freshDatabase('warmup');
    try {
      await run(database.url, warmUp);
    } finally {
      await database.drop();
    }
  }

  // Sink and ceiling alternate, round after round, each round in the other order, so that a
  // slow spell of the machine weighs on both; the figures compared are the medians.
  const sinkRuns: Measurement[] = [];
  const ceilingRuns: Measurement[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const order: Array<[string, Measurement[], typeof benchSink]> = [
      ['sink', sinkRuns, benchSink],
      ['ceiling', ceilingRuns, benchCeiling],
    ];
    if (round % 2 === 0) order.reverse();
    for (const [label, runs, run] of order) {
      runs.push(await measure(label, messages, run, round));
    }
  }
  const naive =
    process.env.BENCH_SKIP_NAIVE === '1'
      ? undefined
      : await measure('naive', messages.slice(0, NAIVE_MESSAGES), benchNaive);

  const sink = median(sinkRuns);
  const ceiling = median(ceilingRuns);
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  const perRound = sinkRuns
    .map((run, i) => ratio(run.perSecond, ceilingRuns[i].perSecond))
    .join(', ');
  const figure = (run: Measurement) =>
    `${(run.ms / 1000).toFixed(2)} s (${Math.round(
      run.perSecond,
    ).toLocaleString('en-US')} readings/s)`;
  process.stdout.write(
    `sink ${figure(sink)}, ceiling ${figure(ceiling)} (medians of ${ROUNDS})${
      naive ? `, naive ${figure(naive)}` : ''
    }\n`,
  );
  process.stdout.write(
    `sink / ceiling = ${ratio(
      sink.perSecond,
      ceiling.perSecond,
    )} (target >= 0.8; round by round ${perRound})\n`,
  );
  if (naive) {
    process.stdout.write(
      `sink / naive   = ${ratio(
        sink.perSecond,
        naive.perSecond,
      )} (target >= 10)\n`,
    );
  }
  const same = (a: object, b: object) =>
    JSON.stringify(a) === JSON.stringify(b);
  const naiveRanOnAll = naive && NAIVE_MESSAGES >= messages.length;
  const expected = sinkRuns[0].rows;
  if (
    ![...sinkRuns, ...ceilingRuns].every(run => same(run.rows, expected)) ||
    (naiveRanOnAll && !same(naive.rows, expected))
  ) {
    process.stderr.write('the runs did not write the same rows\n');
    process.exitCode = 1;
  }
}

/** The run of median time (the lower middle one of an even count). */
function median(runs: Measurement[]): Measurement {
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
