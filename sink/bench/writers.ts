/**
 * The writers `yarn bench:sink` compares: the real sink handler, the ceiling (raw set-based
 * SQL writing the same rows and versions, no parsing or validation) and the naive baseline
 * (one statement per message).
 */
import { Client } from 'pg';
import { mapConcurrently, resourceId } from '@cockpit/plugin-cockpit-common';
import { createSinkKnex } from '../src/database';
import {
  createSinkHandler,
  SinkLogger,
  SqsBatchResponse,
} from '../src/handler';
import { sqsEvent } from '../src/testEvents';
import type { Message } from './fleet';
import {
  countParentChecks,
  describeParentChecks,
  sampleWaits,
} from './lockProbe';

const TRACE = process.env.BENCH_TRACE === '1';

export const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 1);
export const MESSAGES_PER_BATCH = 100;
export const BATCHES_PER_EVENT = 10;
const ROWS_PER_STATEMENT = 1000;

export const silentLogger: SinkLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

export async function benchSink(
  url: string,
  messages: Message[],
): Promise<number> {
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
  // The invocations share one pool, as in one Lambda environment; BENCH_POOL_MAX changes its size.
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

export async function benchCeiling(
  url: string,
  messages: Message[],
): Promise<number> {
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
            // The same versions as the sink: the rows that started one come from RETURNING.
            await client.query(
              `WITH written AS (
                 INSERT INTO readings AS rd (type, resource_id, value, storage_mode, collected_at, value_since, collector, source)
                 SELECT t, r, v::jsonb, 'SNAPSHOT', c, c, 'bench', 'ceiling'
                   FROM unnest($1::text[], $2::uuid[], $3::text[], $4::timestamptz[]) AS u(t, r, v, c)
                 ON CONFLICT (resource_id, type) WHERE storage_mode = 'SNAPSHOT'
                 DO UPDATE SET value = excluded.value, collected_at = excluded.collected_at,
                   value_since = CASE WHEN excluded.value IS DISTINCT FROM rd.value
                                      THEN excluded.collected_at ELSE rd.value_since END,
                   collector = excluded.collector, source = excluded.source
                 WHERE excluded.collected_at > rd.collected_at
                 RETURNING rd.resource_id, rd.type, rd.value, rd.collected_at, rd.value_since)
               INSERT INTO reading_versions (resource_id, type, valid_from, value, collector, source)
               SELECT resource_id, type, collected_at, value, 'bench', 'ceiling'
                 FROM written WHERE value_since = collected_at
               ON CONFLICT DO NOTHING`,
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

export async function benchNaive(
  url: string,
  messages: Message[],
): Promise<number> {
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
          `WITH written AS (
             INSERT INTO readings AS rd (type, resource_id, value, storage_mode, collected_at, value_since)
             VALUES ($1, $2, $3, 'SNAPSHOT', $4, $4)
             ON CONFLICT (resource_id, type) WHERE storage_mode = 'SNAPSHOT'
             DO UPDATE SET value = excluded.value, collected_at = excluded.collected_at,
               value_since = CASE WHEN excluded.value IS DISTINCT FROM rd.value
                                  THEN excluded.collected_at ELSE rd.value_since END
             WHERE excluded.collected_at > rd.collected_at
             RETURNING rd.resource_id, rd.type, rd.value, rd.collected_at, rd.value_since)
           INSERT INTO reading_versions (resource_id, type, valid_from, value)
           SELECT resource_id, type, collected_at, value FROM written WHERE value_since = collected_at
           ON CONFLICT DO NOTHING`,
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
