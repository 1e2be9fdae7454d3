/*
 * The measuring half of `yarn bench:api`: one target is a list of HTTP paths and the same
 * reads run directly on the store (the ceiling), driven alike and summarised as percentiles.
 */
import type { Knex } from 'knex';
import { KnexCockpitStore } from '../src/database/KnexCockpitStore';
import { supportsPreparedStatements } from '../src/database/prepared';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon');

/** What one line of the report measures: each request path and its direct counterpart. */
export interface Target {
  name: string;
  /** Paths under the backend's origin, taken in turn. */
  paths: string[];
  /** The same reads on the store, taken in the same turn. */
  direct: ((store: KnexCockpitStore) => Promise<unknown>)[];
}

/** How the bench drives a target. */
export interface MeasureOptions {
  port: number;
  token: string;
  connections: number;
  seconds: number;
  rounds: number;
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

async function runHttp(
  target: Target,
  duration: number,
  options: MeasureOptions,
) {
  let next = 0;
  const latencies: number[] = [];
  let errors = 0;
  const started = Date.now();
  const instance = autocannon({
    url: `http://localhost:${options.port}`,
    connections: options.connections,
    duration,
    headers: { authorization: `Bearer ${options.token}` },
    requests: [
      {
        setupRequest: (request: any) => ({
          ...request,
          path: target.paths[next++ % target.paths.length],
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

async function runDirect(
  knex: Knex,
  target: Target,
  duration: number,
  connections: number,
) {
  // the store as the plugin makes it on this database
  const store = KnexCockpitStore.create({
    knex,
    preparedStatements: await supportsPreparedStatements(knex, undefined),
  });
  const latencies: number[] = [];
  let next = 0;
  const started = Date.now();
  const deadline = started + duration * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) {
        const read = target.direct[next++ % target.direct.length]!;
        const t0 = process.hrtime.bigint();
        await read(store);
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
export async function measure(
  knex: Knex,
  target: Target,
  options: MeasureOptions,
) {
  const duration = Math.max(1, Math.round(options.seconds / options.rounds));
  const direct = { latencies: [] as number[], elapsed: 0 };
  const http = { latencies: [] as number[], elapsed: 0, errors: 0 };
  for (let round = 0; round < options.rounds; round++) {
    const d = await runDirect(knex, target, duration, options.connections);
    direct.latencies.push(...d.latencies);
    direct.elapsed += d.elapsed;
    const h = await runHttp(target, duration, options);
    http.latencies.push(...h.latencies);
    http.elapsed += h.elapsed;
    http.errors += h.errors;
  }
  return {
    direct: summary(direct.latencies, direct.elapsed),
    http: { ...summary(http.latencies, http.elapsed), errors: http.errors },
  };
}

/** Prints the report's table, aligned. */
export function formatReport(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map(r => r[i]!.length)),
  );
  return [header, ...rows]
    .map(row => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '))
    .join('\n');
}
