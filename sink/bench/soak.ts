/**
 * `yarn bench:soak`: sustained load on both ways in, with a database restart in the middle.
 *
 * For BENCH_SOAK_SECONDS (default 600) it sends BENCH_SOAK_RATE messages per second (default
 * 1,000): half through `POST /api/cockpit/ingest` of a backend started here (`yarn
 * start:backend`, on its own port), half through the real sink handler at
 * BENCH_SOAK_CONCURRENCY concurrent invocations (default 4), all against a fresh database
 * on the PostgreSQL server of COCKPIT_DATABASE_URL. Halfway through, the server is restarted
 * with `pg_ctlcluster --skip-systemctl-redirect 15 main restart` (BENCH_SOAK_RESTART=0 skips
 * it: the server is shared, a restart breaks everyone's connections).
 *
 * Every message is a TIME_SERIES point carrying a unique sequence number; every tenth also
 * comes with a SNAPSHOT `soak-state` reading of its resource whose value (a bucket of
 * sequence numbers) changes every 2,000 messages, so the history is written under the same
 * load, redeliveries and restart. What is not
 * acknowledged (5xx or a network failure over HTTP, `batchItemFailures` or a thrown error from
 * the handler) is delivered again, as SQS and a well-behaved client would. At the end it
 * asserts that every acknowledged message is stored exactly once (zero lost, zero doubled)
 * and that the `soak-state` versions are exactly those the readings mean (one per bucket
 * and resource, from the bucket's first reading),
 * and reports the latency of acknowledged deliveries (p50/p99, first try to acknowledgement)
 * and the backend's resident memory at start, middle and end.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  createKnex,
  findProjectRoot,
  openCockpitDatabase,
} from '@cockpit/store';
import type { Knex } from 'knex';
import { createSinkHandler, SqsBatchResponse } from '../src/handler';
import { sqsEvent } from '../src/testEvents';

const SERVER_URL = process.env.COCKPIT_DATABASE_URL;
const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
const RATE = Number(process.env.BENCH_SOAK_RATE ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_SOAK_CONCURRENCY ?? 4);
const RESTART = process.env.BENCH_SOAK_RESTART !== '0';
const PORT = Number(
  process.env.BENCH_SOAK_PORT ?? 7000 + Math.floor(Math.random() * 900),
);
const TOKEN = `soak-${randomBytes(8).toString('hex')}`;
const TICK_MS = 100;
const HTTP_BATCH = 50;
const RECORDS_PER_EVENT = 10;
const RESOURCES = 200;
const STATE_EVERY = 10;
const STATE_BUCKET = 2000;

interface Pending {
  seqs: number[];
  body: string;
  firstSentAt: number;
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

function batchBody(seqs: number[], collector: string): string {
  const base = Date.UTC(2026, 0, 1);
  return JSON.stringify({
    schemaVersion: 1,
    collector,
    messages: seqs.flatMap(seq => {
      const resource = {
        type: 'ServiceInstance',
        name: `soak/i-${seq % RESOURCES}`,
      };
      // Unique per message, so every message is one row.
      const collectedAt = new Date(base + seq).toISOString();
      const point = {
        kind: 'reading',
        type: 'soak',
        storageMode: 'TIME_SERIES',
        resource,
        value: { seq, padding: 'x'.repeat(200) },
        collectedAt,
      };
      if (seq % STATE_EVERY !== 0) return [point];
      const state = {
        kind: 'reading',
        type: 'soak-state',
        storageMode: 'SNAPSHOT',
        resource,
        value: { bucket: Math.floor(seq / STATE_BUCKET) },
        collectedAt,
      };
      return [point, state];
    }),
  });
}

/**
 * Compares the stored `soak-state` versions with those the first `sent` messages mean: one
 * per resource and bucket, valid from the bucket's first reading. Returns the mismatches.
 */
async function checkVersions(knex: Knex, sent: number): Promise<number> {
  const expected = new Map<string, number>();
  for (let seq = 0; seq < sent; seq += STATE_EVERY) {
    const key = `soak/i-${seq % RESOURCES} ${Math.floor(seq / STATE_BUCKET)}`;
    if (!expected.has(key)) expected.set(key, Date.UTC(2026, 0, 1) + seq);
  }
  const rows: Array<{ name: string; bucket: string; valid_from: Date }> = (
    await knex.raw(
      `SELECT r.name, v.value->>'bucket' AS bucket, v.valid_from
         FROM reading_versions v JOIN resources r ON r.id = v.resource_id
        WHERE v.type = 'soak-state'`,
    )
  ).rows;
  let mismatches = Math.abs(rows.length - expected.size);
  for (const row of rows) {
    const at = expected.get(`${row.name} ${row.bucket}`);
    if (at !== new Date(row.valid_from).getTime()) mismatches++;
  }
  process.stdout.write(
    `history: ${rows.length} soak-state versions stored, ${expected.size} expected, ${mismatches} mismatches\n`,
  );
  return mismatches;
}

/** The resident memory of the process listening on the port, in MB. */
function backendRssMb(): number | undefined {
  try {
    const out = execFileSync('ss', ['-ltnpH', `sport = :${PORT}`], {
      encoding: 'utf8',
    });
    const pid = /pid=(\d+)/.exec(out)?.[1];
    if (!pid) return undefined;
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return undefined;
  }
}

async function startBackend(databaseUrl: string): Promise<ChildProcess> {
  const root = findProjectRoot();
  const log = fs.openSync(
    path.join(root, '.cockpit-data', 'soak-backend.log'),
    'w',
  );
  const child = spawn('yarn', ['start:backend'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      COCKPIT_DATABASE_URL: databaseUrl,
      COCKPIT_API_TOKEN: TOKEN,
      APP_CONFIG_backend_listen_port: String(PORT),
      APP_CONFIG_backend_baseUrl: `http://localhost:${PORT}`,
      // Backstage's own plugins get databases of their own on the server: named apart.
      APP_CONFIG_backend_database_prefix: `soak_${PORT}_`,
      APP_CONFIG_cockpit_localMode_demoFleet_enabled: 'false',
      APP_CONFIG_cockpit_housekeeping_enabled: 'false',
    },
  });
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(
        `http://127.0.0.1:${PORT}/api/cockpit/openapi.json`,
        {
          headers: { authorization: `Bearer ${TOKEN}` },
        },
      );
      if (response.ok) return child;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) break;
    await sleep(1000);
  }
  stopBackend(child);
  throw new Error(
    `the backend did not start; see .cockpit-data/soak-backend.log`,
  );
}

function stopBackend(child: ChildProcess) {
  try {
    // The whole process group: yarn, the CLI and the backend it runs.
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    // already gone
  }
}

async function main() {
  if (!SERVER_URL)
    throw new Error(
      'bench:soak needs COCKPIT_DATABASE_URL (a PostgreSQL server)',
    );
  const databaseName = `cockpit_soak_${randomBytes(4).toString('hex')}`;
  const admin = createKnex({ url: SERVER_URL, pool: { min: 0, max: 1 } });
  await admin.raw(`CREATE DATABASE ${databaseName}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${databaseName}`;
  const databaseUrl = url.toString();
  const database = await openCockpitDatabase({
    url: databaseUrl,
    pool: { min: 0, max: CONCURRENCY + 2 },
  });
  process.stdout.write(
    `bench:soak: ${SECONDS} s at ${RATE} messages/s (half POST /ingest, half the sink handler at ${CONCURRENCY} concurrent invocations), ` +
      `restart of PostgreSQL in the middle: ${
        RESTART ? 'yes' : 'no (BENCH_SOAK_RESTART=0)'
      }; database ${databaseName}\n`,
  );
  const backend = await startBackend(databaseUrl);
  const handler = createSinkHandler({
    getKnex: async () => database.knex,
    logger: silent,
  });

  const acked = new Set<number>();
  const doubleAcked: number[] = [];
  const ack = (seqs: number[]) => {
    for (const seq of seqs) {
      if (acked.has(seq)) doubleAcked.push(seq);
      acked.add(seq);
    }
  };
  const latencies = { http: [] as number[], sink: [] as number[] };
  const failures = { http: 0, sink: 0 };
  const httpQueue: Pending[] = [];
  const sinkQueue: Array<Pending & { messageId: string }> = [];
  let seq = 0;
  let generating = true;
  const rss: Record<string, number | undefined> = { start: backendRssMb() };

  const generationStart = Date.now();
  const generator = setInterval(() => {
    if (!generating) return;
    // As many as the rate asks by now: a late timer catches up instead of lowering the rate.
    const due =
      Math.floor(((Date.now() - generationStart) * RATE) / 1000) - seq;
    if (due <= 0) return;
    const seqs = Array.from({ length: due }, () => seq++);
    const half = Math.floor(seqs.length / 2);
    for (let i = 0; i < half; i += HTTP_BATCH) {
      const part = seqs.slice(i, Math.min(half, i + HTTP_BATCH));
      httpQueue.push({
        seqs: part,
        body: batchBody(part, 'soak-http'),
        firstSentAt: Date.now(),
      });
    }
    const sinkSeqs = seqs.slice(half);
    const perRecord = Math.ceil(sinkSeqs.length / 2);
    for (let i = 0; i < sinkSeqs.length; i += perRecord) {
      const part = sinkSeqs.slice(i, i + perRecord);
      sinkQueue.push({
        seqs: part,
        body: batchBody(part, 'soak-sink'),
        firstSentAt: Date.now(),
        messageId: `soak-${part[0]}`,
      });
    }
  }, TICK_MS);

  const httpWorker = async () => {
    while (generating || httpQueue.length > 0) {
      const pending = httpQueue.shift();
      if (!pending) {
        await sleep(5);
        continue;
      }
      let status = 0;
      let retryAfter = 0;
      try {
        const response = await fetch(
          `http://127.0.0.1:${PORT}/api/cockpit/ingest`,
          {
            method: 'POST',
            headers: {
              authorization: `Bearer ${TOKEN}`,
              'content-type': 'application/json',
            },
            body: pending.body,
          },
        );
        status = response.status;
        retryAfter = Number(response.headers.get('retry-after') ?? 0);
        await response.arrayBuffer();
      } catch {
        status = 0; // network failure
      }
      if (status === 200) {
        ack(pending.seqs);
        latencies.http.push(Date.now() - pending.firstSentAt);
      } else if (status === 0 || status >= 500) {
        failures.http++;
        httpQueue.unshift(pending);
        await sleep(Math.min(retryAfter * 1000 || 200, 2000));
      } else {
        throw new Error(
          `POST /ingest answered ${status}, which the soak does not expect`,
        );
      }
    }
  };

  const sinkWorker = async () => {
    while (generating || sinkQueue.length > 0) {
      const records = sinkQueue.splice(0, RECORDS_PER_EVENT);
      if (records.length === 0) {
        await sleep(5);
        continue;
      }
      let failed: Set<string>;
      try {
        const response = (await handler(
          sqsEvent(
            records.map(r => ({
              messageId: r.messageId,
              body: r.body,
              sentAt: new Date(r.firstSentAt),
            })),
          ),
        )) as SqsBatchResponse;
        failed = new Set(response.batchItemFailures.map(f => f.itemIdentifier));
      } catch {
        failed = new Set(records.map(r => r.messageId));
      }
      for (const record of records) {
        if (failed.has(record.messageId)) {
          failures.sink++;
          sinkQueue.push(record); // redelivered, as SQS does after the visibility timeout
        } else {
          ack(record.seqs);
          latencies.sink.push(Date.now() - record.firstSentAt);
        }
      }
      if (failed.size > 0) await sleep(200);
    }
  };

  const started = Date.now();
  const workers = [
    ...Array.from({ length: 4 }, httpWorker),
    ...Array.from({ length: CONCURRENCY }, sinkWorker),
  ];
  const progress = setInterval(() => {
    const elapsed = Math.round((Date.now() - started) / 1000);
    process.stdout.write(
      `  ${elapsed} s: sent ${seq}, acknowledged ${acked.size}, backlog http ${httpQueue.length} sink ${sinkQueue.length}, ` +
        `redeliveries http ${failures.http} sink ${
          failures.sink
        }, backend RSS ${backendRssMb()} MB\n`,
    );
  }, 30_000);

  await sleep((SECONDS * 1000) / 2);
  rss.middle = backendRssMb();
  if (RESTART) {
    process.stdout.write(
      '  restarting PostgreSQL (pg_ctlcluster --skip-systemctl-redirect 15 main restart)\n',
    );
    execFileSync(
      'pg_ctlcluster',
      ['--skip-systemctl-redirect', '15', 'main', 'restart'],
      { stdio: 'inherit' },
    );
  }
  await sleep((SECONDS * 1000) / 2);
  generating = false;
  clearInterval(generator);
  await Promise.all(workers);
  clearInterval(progress);
  const elapsed = (Date.now() - started) / 1000;
  rss.end = backendRssMb();

  const versionMismatches = await checkVersions(database.knex, seq);
  const stored: Array<{ seq: string; n: string }> = (
    await database.knex.raw(
      `SELECT value->>'seq' AS seq, count(*) AS n FROM readings WHERE type = 'soak' GROUP BY 1`,
    )
  ).rows;
  const storedSeqs = new Set(stored.map(r => Number(r.seq)));
  const doubled = stored.filter(r => Number(r.n) > 1).length;
  const lost = [...acked].filter(s => !storedSeqs.has(s)).length;
  const unacknowledgedStored = [...storedSeqs].filter(
    s => !acked.has(s),
  ).length;

  const ms = (values: number[]) =>
    `p50 ${percentile(values, 50)} ms, p99 ${percentile(values, 99)} ms (${
      values.length
    } deliveries)`;
  process.stdout.write(
    [
      `sent ${seq} messages in ${elapsed.toFixed(1)} s (${Math.round(
        seq / elapsed,
      )}/s), acknowledged ${acked.size}, stored ${storedSeqs.size}`,
      `lost ${lost}, doubled ${doubled}, stored but never acknowledged ${unacknowledgedStored}, acknowledged twice ${doubleAcked.length}`,
      `redeliveries: http ${failures.http}, sink ${failures.sink}`,
      `latency POST /ingest ${ms(latencies.http)}`,
      `latency sink handler ${ms(latencies.sink)}`,
      `backend RSS: start ${rss.start} MB, middle ${rss.middle} MB, end ${rss.end} MB`,
      '',
    ].join('\n'),
  );

  stopBackend(backend);
  await database.close();
  await admin
    .raw(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`)
    .catch(() => undefined);
  for (const name of ['app', 'auth', 'catalog', 'permission', 'cockpit']) {
    await admin
      .raw(`DROP DATABASE IF EXISTS soak_${PORT}_${name} WITH (FORCE)`)
      .catch(() => undefined);
  }
  await admin.destroy();
  if (lost > 0 || doubled > 0 || acked.size !== seq || versionMismatches > 0) {
    process.stderr.write(
      'bench:soak FAILED: messages lost, doubled or never acknowledged, or versions not those the readings mean\n',
    );
    process.exit(1);
  }
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
