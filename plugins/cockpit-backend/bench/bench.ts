/*
 * `yarn bench:api`: loads the benchmark fleet into a fresh database on the real PostgreSQL
 * server with a year of history behind it, starts a real backend with the Cockpit plugin on a
 * spare port, drives the four calculations the UI needs (now and as of 30 days ago) and the
 * change feed (a service's and the fleet's last 24 hours) with autocannon and prints
 * p50/p95/p99 and requests/s beside the same reads run directly on node-postgres (the
 * ceiling) at the same concurrency.
 *
 * Environment: COCKPIT_BENCH_SERVER_URL or else COCKPIT_DATABASE_URL (the server; the bench
 * creates its own database `cockpit_bench` there; default postgresql://postgres@127.0.0.1:5432/postgres),
 * COCKPIT_BENCH_SCALE (fraction of the 2,000-service fleet, default 1), COCKPIT_BENCH_HISTORY_DAYS
 * (the year of history loaded behind it, default 365; see ./history.ts), COCKPIT_BENCH_FLAP_DAYS
 * (days between health flaps of an instance, default 3), COCKPIT_BENCH_SECONDS
 * (per calculation and path, split over COCKPIT_BENCH_ROUNDS alternating rounds, default 15 and 3),
 * COCKPIT_BENCH_CONNECTIONS (default 4), COCKPIT_BENCH_REUSE=1 (keep
 * an already loaded bench database of the same scale), COCKPIT_BENCH_PORT (default 7217),
 * COCKPIT_BENCH_DATABASE (the database it creates, default cockpit_bench), COCKPIT_BENCH_ONLY
 * (measure only the reads whose name contains this text, e.g. `service-events`),
 * COCKPIT_BENCH_PROFILE (a directory: the backend writes a V8 CPU profile there when it stops).
 */
import { spawn, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import {
  BENCHMARK_FLEET_OPTIONS,
  fleetServiceNames,
} from '@cockpit/collector-demo-fleet';
import { createKnex, findProjectRoot } from '@cockpit/store';
import { prepareBenchDatabase } from './database';
import { loadHistory } from './history';
import { loadFleet } from './load';
import { formatReport, measure } from './measure';
import { pickTargets } from './targets';

// The server to bench on: COCKPIT_DATABASE_URL as for every other command (the bench creates
// and uses its own database there), or COCKPIT_BENCH_SERVER_URL to keep the two apart.
const serverUrl =
  process.env.COCKPIT_BENCH_SERVER_URL ??
  process.env.COCKPIT_DATABASE_URL ??
  'postgresql://postgres@127.0.0.1:5432/postgres';
const scale = Number(process.env.COCKPIT_BENCH_SCALE ?? 1);
const seconds = Number(process.env.COCKPIT_BENCH_SECONDS ?? 15);
const connections = Number(process.env.COCKPIT_BENCH_CONNECTIONS ?? 4);
const rounds = Number(process.env.COCKPIT_BENCH_ROUNDS ?? 3);
const port = Number(process.env.COCKPIT_BENCH_PORT ?? 7217);
const historyDays = Number(process.env.COCKPIT_BENCH_HISTORY_DAYS ?? 365);
const flapDays = Number(process.env.COCKPIT_BENCH_FLAP_DAYS ?? 3);
const token = 'cockpit-bench-token';
const databaseName = process.env.COCKPIT_BENCH_DATABASE ?? 'cockpit_bench';
const profileDir = process.env.COCKPIT_BENCH_PROFILE
  ? path.resolve(process.env.COCKPIT_BENCH_PROFILE)
  : undefined;
const log = (line: string) => process.stdout.write(`${line}\n`);

const fleetOptions = {
  ...BENCHMARK_FLEET_OPTIONS,
  services: Math.max(1, Math.round(2000 * scale)),
  dependencyVersions: Math.max(100, Math.round(20_000 * scale)),
};

/** The fleet, then a year of history behind it (./history.ts). */
async function loadFixture(knex: Knex): Promise<void> {
  log(`loading the fleet: ${JSON.stringify(fleetOptions)}`);
  const loaded = await loadFleet({ knex, fleet: fleetOptions, log });
  log(
    `loaded ${loaded.resources.toLocaleString(
      'en',
    )} resources and ${loaded.readings.toLocaleString(
      'en',
    )} readings in ${loaded.seconds.toFixed(0)} s`,
  );
  const history = await loadHistory({
    knex,
    days: historyDays,
    flapDays,
    log,
  });
  log(
    `loaded ${history.versions.toLocaleString(
      'en',
    )} versions (${historyDays} days) in ${history.seconds.toFixed(0)} s: ` +
      `${(history.bytes / 1024 ** 2).toFixed(0)} MiB on disk, ${(
        ((history.bytes / history.versions) * 1e6) /
        1024 ** 2
      ).toFixed(0)} MiB per million versions`,
  );
}

function prepareDatabase(): Promise<string> {
  return prepareBenchDatabase({
    serverUrl,
    databaseName,
    marker: { column: 'scale', sqlType: 'double precision', value: scale },
    reuse: process.env.COCKPIT_BENCH_REUSE === '1',
    load: loadFixture,
    log,
  });
}

async function startBackend(databaseUrl: string): Promise<ChildProcess> {
  const root = findProjectRoot(__dirname);
  const logFile = path.join(root, '.cockpit-data', 'bench-backend.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'w');
  const child = spawn(
    process.execPath,
    [
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      '--import',
      'tsx',
      path.join(__dirname, 'server.ts'),
    ],
    {
      cwd: root,
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        COCKPIT_DATABASE_URL: databaseUrl,
        COCKPIT_API_TOKEN: token,
        APP_CONFIG_backend_listen_port: String(port),
        APP_CONFIG_backend_baseUrl: `http://localhost:${port}`,
        APP_CONFIG_cockpit_housekeeping_enabled: 'false',
      },
    },
  );
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(
        `the backend exited with ${child.exitCode}; see ${logFile}`,
      );
    try {
      const response = await fetch(
        `http://localhost:${port}/api/cockpit/calculations`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      if (response.ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`the backend did not answer in 120 s; see ${logFile}`);
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

async function main() {
  const databaseUrl = await prepareDatabase();
  const knex = createKnex({
    url: databaseUrl,
    pool: { min: 0, max: connections },
  });
  const counts = (
    await knex.raw(
      `SELECT (SELECT count(*) FROM resources)::int AS resources, (SELECT count(*) FROM readings)::int AS readings,
              (SELECT count(*) FROM readings WHERE type = 'service-event')::int AS events`,
    )
  ).rows[0];
  log(
    `fleet: ${counts.resources.toLocaleString(
      'en',
    )} resources, ${counts.readings.toLocaleString(
      'en',
    )} readings (${counts.events.toLocaleString('en')} service events)`,
  );
  const only = process.env.COCKPIT_BENCH_ONLY;
  const targets = (
    await pickTargets(knex, fleetServiceNames(fleetOptions))
  ).filter(target => !only || target.name.includes(only));
  const backend = await startBackend(databaseUrl);
  const rows: string[][] = [];
  try {
    for (const target of targets) {
      // warm both paths (plans, caches) before measuring
      await fetch(`http://localhost:${port}${target.paths[0]}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const { direct, http } = await measure(knex, target, {
        port,
        token,
        connections,
        seconds,
        rounds,
      });
      const ratio = http.p95 / direct.p95;
      log(
        `${target.name}: HTTP p50 ${http.p50.toFixed(
          1,
        )} ms, p95 ${http.p95.toFixed(1)} ms, p99 ${http.p99.toFixed(
          1,
        )} ms, ${http.rps.toFixed(0)} req/s (${http.errors} errors); ` +
          `direct SQL p50 ${direct.p50.toFixed(1)} ms, p95 ${direct.p95.toFixed(
            1,
          )} ms, p99 ${direct.p99.toFixed(1)} ms, ${direct.rps.toFixed(
            0,
          )} calls/s; p95 ratio ${ratio.toFixed(2)}x`,
      );
      rows.push([
        target.name,
        http.p50.toFixed(1),
        http.p95.toFixed(1),
        http.p99.toFixed(1),
        http.rps.toFixed(0),
        direct.p50.toFixed(1),
        direct.p95.toFixed(1),
        direct.p99.toFixed(1),
        direct.rps.toFixed(0),
        `${ratio.toFixed(2)}x`,
        http.p95 < 50 && ratio <= 2 ? 'yes' : 'NO',
      ]);
    }
  } finally {
    backend.kill('SIGTERM');
    await knex.destroy();
  }
  const header = [
    'read',
    'p50',
    'p95',
    'p99',
    'req/s',
    'SQL p50',
    'SQL p95',
    'SQL p99',
    'SQL calls/s',
    'p95 vs SQL',
    'target met',
  ];
  const load = fs
    .readFileSync('/proc/loadavg', 'utf8')
    .split(' ')
    .slice(0, 3)
    .join(' ');
  log(
    `\n${connections} connections, ${seconds} s per calculation and path in ${rounds} alternating rounds, times in ms; ` +
      `load average at the end ${load}; target: p95 < 50 ms and <= 2x direct SQL`,
  );
  log(formatReport(header, rows));
}

main().catch(error => {
  process.stderr.write(`bench:api failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
