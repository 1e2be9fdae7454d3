/**
 * What `yarn bench:sink` shows of how concurrent sink calls meet: the parent checks by how they
 * ran (from the sink's own statements), the failures the sink retried, and (BENCH_TRACE=1)
 * what the bench database's sessions were waiting for, sampled from `pg_stat_activity`.
 */
import type { Knex } from 'knex';
import { Client } from 'pg';

interface KnexQuery {
  __knexQueryUid: string;
  sql: string;
  bindings?: unknown[];
}

/** Counts of the parent checks and retried failures of one sink run. */
export interface ParentCheckCounts {
  /** Checks that found no edge changing a stored parent: no lock taken. */
  unchanged: number;
  /** Checks that took per-resource locks (the fifth argument `exclusive` false). */
  perResource: number;
  /** Checks run alone: the hierarchy lock taken exclusively after `hierarchyBusy`. */
  exclusive: number;
  /** Time from sending each check to its answer, in ms (includes waiting for locks). */
  ms: number;
  /** Failed statements by SQLSTATE: 55P03 is `hierarchyBusy`, 40P01 a deadlock. */
  errors: Map<string, number>;
}

/** Counts the sink's parent checks and failed statements on its knex. */
export function countParentChecks(knex: Knex): ParentCheckCounts {
  const counts: ParentCheckCounts = {
    unchanged: 0,
    perResource: 0,
    exclusive: 0,
    ms: 0,
    errors: new Map(),
  };
  const sentAt = new Map<string, number>();
  // The parent check of the current sink, or of version 3 (for A/B runs on older code).
  const isCheck = (query: KnexQuery) =>
    /cockpit_parent_(check|state)\(/.test(query.sql);
  knex.on('query', (query: KnexQuery) => {
    if (isCheck(query)) sentAt.set(query.__knexQueryUid, performance.now());
  });
  knex.on(
    'query-response',
    (response: { rows?: unknown[] } | unknown[], query: KnexQuery) => {
      if (!isCheck(query)) return;
      counts.ms += performance.now() - (sentAt.get(query.__knexQueryUid) ?? 0);
      sentAt.delete(query.__knexQueryUid);
      const rows = Array.isArray(response) ? response : response.rows ?? [];
      if (rows.length === 0) counts.unchanged++;
      else if (query.bindings?.[4] === true) counts.exclusive++;
      else counts.perResource++;
    },
  );
  knex.on('query-error', (error: { code?: string }, query: KnexQuery) => {
    sentAt.delete(query.__knexQueryUid);
    const code = error?.code ?? 'other';
    counts.errors.set(code, (counts.errors.get(code) ?? 0) + 1);
  });
  return counts;
}

export function describeParentChecks(counts: ParentCheckCounts): string {
  const errors = [...counts.errors]
    .map(([code, n]) => `${code} x ${n}`)
    .join(', ');
  const checks = counts.unchanged + counts.perResource + counts.exclusive;
  return (
    `parent checks ${checks} (no lock ${counts.unchanged}, per-resource ${counts.perResource}, ` +
    `alone ${counts.exclusive}), ${Math.round(counts.ms)} ms in them; ` +
    `failed statements: ${
      errors || 'none'
    } (55P03 hierarchyBusy, 40P01 deadlock)`
  );
}

/**
 * Samples every `intervalMs` what the other sessions of the database `url` names are doing:
 * `active` running, `wait Lock:advisory` waiting for an advisory lock, `wait Lock:transactionid`
 * for another transaction's row, `idle in transaction` waiting for the client. `stop()`
 * answers each state's share of the samples in which some session was in a transaction.
 */
export async function sampleWaits(
  url: string,
  intervalMs = 10,
): Promise<{ stop(): Promise<string> }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const database = new URL(url).pathname.slice(1);
  const seen = new Map<string, number>();
  let sessions = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query(
        `SELECT state, wait_event_type, wait_event FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid() AND xact_start IS NOT NULL`,
        [database],
      );
      for (const row of rows) {
        let key = String(row.state);
        if (row.state === 'active' && row.wait_event_type) {
          key = `wait ${row.wait_event_type}:${row.wait_event}`;
        }
        seen.set(key, (seen.get(key) ?? 0) + 1);
        sessions++;
      }
      await new Promise(resolve => setTimeout(resolve, intervalMs));
    }
  })();
  // A failed sample (the database dropped under it) ends the sampling: the shares so far stand.
  loop.catch(() => undefined);
  let summary: Promise<string> | undefined;
  return {
    // Idempotent: the bench also calls it when the run failed, so the client never stays open.
    stop() {
      summary ??= (async () => {
        running = false;
        await loop.catch(() => undefined);
        await client.end();
        const shares = [...seen]
          .sort((a, b) => b[1] - a[1])
          .map(
            ([key, n]) =>
              `${key} ${((100 * n) / Math.max(sessions, 1)).toFixed(0)}%`,
          );
        return `sessions in a transaction (${sessions} sampled): ${shares.join(
          ', ',
        )}`;
      })();
      return summary;
    },
  };
}

/**
 * The calls and time of the parent check functions in the database `url` names, as PostgreSQL
 * counted them (`track_functions`, set on the database by the bench): the time inside
 * PostgreSQL, waits for locks included, without this process's delays.
 */
export async function functionTimes(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // The sessions that ran the calls report their counts when they end (the bench has ended
    // them), or within a second when idle.
    await new Promise(resolve => setTimeout(resolve, 1_100));
    const { rows } = await client.query(
      `SELECT funcname, calls, total_time, self_time FROM pg_stat_user_functions
        WHERE funcname LIKE 'cockpit_parent_%' ORDER BY funcname`,
    );
    return (
      rows
        .map(
          r =>
            `${r.funcname}: ${r.calls} calls, ${Math.round(r.total_time)} ms ` +
            `(${(r.total_time / Math.max(Number(r.calls), 1)).toFixed(
              1,
            )} ms a call)`,
        )
        .join('; ') || 'no parent check function call counted'
    );
  } finally {
    await client.end();
  }
}
