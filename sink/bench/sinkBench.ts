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
 * for a quicker estimate), BENCH_SKIP_NAIVE=1,
 * BENCH_POOL_MAX (connections of the knex pool the concurrent invocations share; default 2, as
 * one Lambda environment has), BENCH_TRACE=1 (the sink's statements: count and time by kind;
 * what the sessions of sink and ceiling waited for, sampled from pg_stat_activity; the parent
 * check function's calls and time). Every sink run prints its parent checks (without lock,
 * with per-resource locks, alone after meeting another call's locks) and the statements that
 * failed and were retried, by SQLSTATE.
 *
 * BENCH_MODE=steady measures the steady state instead: sink and ceiling each load the fleet
 * (untimed), then republish all of it BENCH_CYCLES times (default 3), an hour apart, every
 * reading at a new time and 5% of the SNAPSHOT values changed (BENCH_CHANGE_SHARE). A first
 * republish changes nothing: it must add no version, and each cycle exactly one version per
 * changed value (the run fails otherwise). It reports the history's size on disk per million
 * versions (`pg_total_relation_size` of reading_versions over its rows).
 *
 * The fleet is in fleet.ts, the writers in writers.ts, the server side in server.ts.
 *
 * Before the clock, sink and ceiling run once on a throwaway database with the first
 * 10% of the messages, so the figures are those of a warm process (a warm Lambda).
 */
import { generateMessages, Message, republished } from './fleet';
import { checkpoint, countRows, freshDatabase, historySize } from './server';
import { functionTimes } from './lockProbe';
import {
  BATCHES_PER_EVENT,
  benchCeiling,
  benchNaive,
  benchSink,
  CONCURRENCY,
  MESSAGES_PER_BATCH,
} from './writers';

const SERVER_URL = process.env.COCKPIT_DATABASE_URL;
const READINGS = Number(process.env.BENCH_READINGS ?? 200_000);
const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 20_000);
const NAIVE_MESSAGES = Number(process.env.BENCH_NAIVE_MESSAGES ?? Infinity);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));

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
    if (process.env.BENCH_TRACE === '1' && label === 'sink') {
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
  const messages = generateMessages({
    readings: READINGS,
    resources: RESOURCES,
  });
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

  if (process.env.BENCH_MODE === 'steady') {
    await benchSteadyState(messages, {
      cycles: Number(process.env.BENCH_CYCLES ?? 3),
      changeShare: Number(process.env.BENCH_CHANGE_SHARE ?? 0.05),
    });
    return;
  }

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

/**
 * The steady state (BENCH_MODE=steady): the fleet loaded, then republished cycle after cycle
 * with a few values changed, by the sink and by the ceiling, each on its own database.
 */
async function benchSteadyState(
  messages: Message[],
  options: { cycles: number; changeShare: number },
): Promise<void> {
  // Each cycle republishes the one before: a changed value stays changed.
  const cycles = [republished(messages, { hours: 1, changeShare: 0, seed: 1 })];
  for (let i = 0; i < options.cycles; i++) {
    cycles.push(
      republished(cycles[i].messages, {
        hours: 1,
        changeShare: options.changeShare,
        seed: i + 2,
      }),
    );
  }
  const times: Record<string, number[]> = { sink: [], ceiling: [] };
  for (const [label, run] of [
    ['sink', benchSink],
    ['ceiling', benchCeiling],
  ] as const) {
    const database = await freshDatabase(`steady_${label}`);
    try {
      await run(database.url, messages);
      for (const [i, cycle] of cycles.entries()) {
        const before = await countRows(database.url);
        await checkpoint();
        const ms = await run(database.url, cycle.messages);
        const after = await countRows(database.url);
        const added = after.versions - before.versions;
        if (i > 0) times[label].push(ms);
        process.stdout.write(
          `${label.padEnd(8)} cycle ${i} (${cycle.changed} values changed): ${(
            ms / 1000
          ).toFixed(2)} s, ${added} versions added\n`,
        );
        if (added !== cycle.changed) {
          process.stderr.write(
            `${label}: cycle ${i} changed ${cycle.changed} values but added ${added} versions\n`,
          );
          process.exitCode = 1;
        }
      }
      const size = await historySize(database.url);
      process.stdout.write(
        `${label.padEnd(8)} history: ${size.rows} versions, ${(
          size.bytes /
          2 ** 20
        ).toFixed(1)} MB on disk, ${(
          size.bytes /
          2 ** 20 /
          (size.rows / 1e6)
        ).toFixed(0)} MB per million versions\n`,
      );
    } finally {
      await database.drop();
    }
  }
  const mid = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
  process.stdout.write(
    `steady state: sink ${(mid(times.sink) / 1000).toFixed(2)} s, ceiling ${(
      mid(times.ceiling) / 1000
    ).toFixed(2)} s per republish of the fleet (medians); sink / ceiling = ${(
      mid(times.ceiling) / mid(times.sink)
    ).toFixed(2)}\n`,
  );
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
