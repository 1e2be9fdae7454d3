/*
 * `yarn bench:api`: loads the benchmark fleet into a fresh database on the real PostgreSQL
 * server, starts a real backend with the Cockpit plugin on a spare port, drives the four
 * calculations the UI needs with autocannon and prints p50/p95/p99 and requests/s beside the
 * same calculation run directly on node-postgres (the ceiling) at the same concurrency.
 *
 * Environment: COCKPIT_BENCH_SERVER_URL or else COCKPIT_DATABASE_URL (the server; the bench
 * creates its own database `cockpit_bench` there; default postgresql://postgres@127.0.0.1:5432/postgres),
 * COCKPIT_BENCH_SCALE (fraction of the 2,000-service fleet, default 1), COCKPIT_BENCH_SECONDS
 * (per calculation and path, split over COCKPIT_BENCH_ROUNDS alternating rounds, default 15 and 3),
 * COCKPIT_BENCH_CONNECTIONS (default 4), COCKPIT_BENCH_REUSE=1 (keep
 * an already loaded bench database of the same scale), COCKPIT_BENCH_PORT (default 7217).
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
import { migrateLatest } from '@cockpit/migrations';
import {
  dependencyUsageCalculation,
  deploymentVulnerabilitiesCalculation,
  serviceEventsCalculation,
  serviceOverviewCalculation,
} from '../src/calculations';
import { KnexCockpitStore } from '../src/database/KnexCockpitStore';
import { loadFleet } from './load';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon');

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
const token = 'cockpit-bench-token';
const databaseName = 'cockpit_bench';
const log = (line: string) => process.stdout.write(`${line}\n`);

const fleetOptions = {
  ...BENCHMARK_FLEET_OPTIONS,
  services: Math.max(1, Math.round(2000 * scale)),
  dependencyVersions: Math.max(100, Math.round(20_000 * scale)),
};

interface Target {
  name: string;
  calculation: { params: any; run: (options: any) => Promise<unknown> };
  params: Record<string, string>[];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[
    Math.min(
      sorted.length - 1,
      Math.max(0, Math.ceil((p / 100) * sorted.length) - 1),
    )
  ];
}

function summary(latencies: number[], elapsedSeconds: number) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    rps: latencies.length / elapsedSeconds,
    count: latencies.length,
  };
}

async function prepareDatabase(): Promise<string> {
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  const admin = createKnex({ url: serverUrl, pool: { min: 0, max: 1 } });
  try {
    const reuse = process.env.COCKPIT_BENCH_REUSE === '1';
    const exists =
      (
        await admin.raw(`SELECT 1 FROM pg_database WHERE datname = ?`, [
          databaseName,
        ])
      ).rows.length > 0;
    if (reuse && exists) {
      const knex = createKnex({
        url: url.toString(),
        pool: { min: 0, max: 1 },
      });
      try {
        const marker = await knex
          .raw(`SELECT scale FROM bench_fixture`)
          .catch(() => ({ rows: [] }));
        if (marker.rows[0]?.scale === scale) {
          log(`reusing database ${databaseName} (scale ${scale})`);
          return url.toString();
        }
      } finally {
        await knex.destroy();
      }
    }
    await admin.raw(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.raw(`CREATE DATABASE ${databaseName}`);
  } finally {
    await admin.destroy();
  }
  const knex = createKnex({ url: url.toString(), pool: { min: 0, max: 3 } });
  try {
    await migrateLatest({ knex });
    log(`loading the fleet: ${JSON.stringify(fleetOptions)}`);
    const loaded = await loadFleet({ knex, fleet: fleetOptions, log });
    log(
      `loaded ${loaded.resources.toLocaleString(
        'en',
      )} resources and ${loaded.readings.toLocaleString(
        'en',
      )} readings in ${loaded.seconds.toFixed(0)} s`,
    );
    await knex.raw(`CREATE TABLE bench_fixture (scale double precision)`);
    await knex.raw(`INSERT INTO bench_fixture VALUES (?)`, [scale]);
  } finally {
    await knex.destroy();
  }
  return url.toString();
}

async function startBackend(databaseUrl: string): Promise<ChildProcess> {
  const root = findProjectRoot(__dirname);
  const logFile = path.join(root, '.cockpit-data', 'bench-backend.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'w');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'server.ts')],
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

async function pickTargets(knex: Knex): Promise<Target[]> {
  const services = fleetServiceNames(fleetOptions);
  const sample = Array.from(
    { length: 200 },
    (_, i) => services[(i * 7919) % services.length],
  );
  const deployments = (
    await knex.raw(
      `SELECT d.name FROM resources d JOIN readings r ON r.resource_id = d.id AND r.type = 'deployment-dependencies'
        WHERE d.type = 'ServiceDeployment' ORDER BY md5(d.name) LIMIT 200`,
    )
  ).rows.map((row: { name: string }) => row.name);
  // the most used vulnerable packages and a spread of others: the "who uses" question
  const packages = (
    await knex.raw(
      `SELECT p.name FROM resources p WHERE p.type = 'SoftwareDependency' ORDER BY md5(p.name) LIMIT 100`,
    )
  ).rows.map((row: { name: string }) => row.name);
  const to = new Date();
  const from = new Date(to.getTime() - 30 * 24 * 3600e3);
  return [
    {
      name: 'service-overview',
      calculation: serviceOverviewCalculation,
      params: sample.map(service => ({ service })),
    },
    {
      name: 'service-events (30 days)',
      calculation: serviceEventsCalculation,
      params: sample.map(service => ({
        service,
        from: from.toISOString(),
        to: to.toISOString(),
      })),
    },
    {
      name: 'deployment-vulnerabilities',
      calculation: deploymentVulnerabilitiesCalculation,
      params: deployments.map((deployment: string) => ({ deployment })),
    },
    {
      name: 'dependency-usage',
      calculation: dependencyUsageCalculation,
      params: packages.map((pkg: string) => ({ package: pkg })),
    },
  ];
}

function calculationPath(
  target: Target,
  params: Record<string, string>,
): string {
  const name = target.name.split(' ')[0];
  return `/api/cockpit/calculations/${name}?${new URLSearchParams(
    params,
  ).toString()}`;
}

async function runHttp(target: Target, duration: number) {
  let next = 0;
  const latencies: number[] = [];
  let errors = 0;
  const started = Date.now();
  const instance = autocannon({
    url: `http://localhost:${port}`,
    connections,
    duration,
    headers: { authorization: `Bearer ${token}` },
    requests: [
      {
        setupRequest: (request: any) => ({
          ...request,
          path: calculationPath(
            target,
            target.params[next++ % target.params.length],
          ),
        }),
      },
    ],
  });
  instance.on(
    'response',
    (
      _client: unknown,
      statusCode: number,
      _bytes: number,
      responseTime: number,
    ) => {
      if (statusCode === 200) latencies.push(responseTime);
      else errors += 1;
    },
  );
  const result = await instance;
  return {
    latencies,
    elapsed: (Date.now() - started) / 1000,
    errors: errors + result.errors + result.timeouts,
  };
}

async function runDirect(knex: Knex, target: Target, duration: number) {
  const store = KnexCockpitStore.create({ knex });
  const latencies: number[] = [];
  let next = 0;
  const started = Date.now();
  const deadline = started + duration * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) {
        const params = target.calculation.params.parse(
          target.params[next++ % target.params.length],
        );
        const t0 = process.hrtime.bigint();
        await target.calculation.run({ store, unsafeKnex: () => knex, params });
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  return { latencies, elapsed: (Date.now() - started) / 1000 };
}

/**
 * Direct SQL and HTTP alternate in short rounds, so that load from elsewhere on the
 * machine weighs on both alike; percentiles are over all rounds' requests.
 */
async function measure(knex: Knex, target: Target) {
  const duration = Math.max(1, Math.round(seconds / rounds));
  const direct = { latencies: [] as number[], elapsed: 0 };
  const http = { latencies: [] as number[], elapsed: 0, errors: 0 };
  for (let round = 0; round < rounds; round++) {
    const d = await runDirect(knex, target, duration);
    direct.latencies.push(...d.latencies);
    direct.elapsed += d.elapsed;
    const h = await runHttp(target, duration);
    http.latencies.push(...h.latencies);
    http.elapsed += h.elapsed;
    http.errors += h.errors;
  }
  return {
    direct: summary(direct.latencies, direct.elapsed),
    http: { ...summary(http.latencies, http.elapsed), errors: http.errors },
  };
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
  const targets = await pickTargets(knex);
  const backend = await startBackend(databaseUrl);
  const rows: string[][] = [];
  try {
    for (const target of targets) {
      // warm both paths (plans, caches) before measuring
      await fetch(
        `http://localhost:${port}${calculationPath(target, target.params[0])}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      const { direct, http } = await measure(knex, target);
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
    'calculation',
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
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map(r => r[i].length)),
  );
  const load = fs
    .readFileSync('/proc/loadavg', 'utf8')
    .split(' ')
    .slice(0, 3)
    .join(' ');
  log(
    `\n${connections} connections, ${seconds} s per calculation and path in ${rounds} alternating rounds, times in ms; ` +
      `load average at the end ${load}; target: p95 < 50 ms and <= 2x direct SQL`,
  );
  for (const row of [header, ...rows])
    log(row.map((cell, i) => cell.padEnd(widths[i])).join('  '));
}

main().catch(error => {
  process.stderr.write(`bench:api failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
