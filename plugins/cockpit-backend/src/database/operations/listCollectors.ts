import type { Knex } from 'knex';
import {
  COLLECTOR_RUN_READING_TYPE,
  CollectorRunValueSchema,
  CollectorStatus,
  CollectorStatusList,
  RESOURCE_TYPES,
} from '@cockpit/plugin-cockpit-common';
import { collectorDueBy } from '../../collectors/schedule';

const DAY = 86_400_000;

interface DbCollectorRow {
  name: string;
  resource_id: string | null;
  last_value: unknown;
  runs: number | null;
  failures: number | null;
  messages: string | number | null;
  rejections: number | null;
}

/**
 * Every collector (contract section 8) with its last run, schedule, overdue flag, and its
 * runs, failures, messages and rejections of the 24 hours before `now`. Collectors are the
 * `Collector` resources and the collectors named by rejected input of the window (a
 * collector whose every batch is refused has no run record but must still show).
 *
 * One statement: the newest `collector-run` point and the window's counts come from the
 * TIME_SERIES key index (resource_id, type, collected_at) per collector, the rejections
 * from their received_at index.
 */
export async function listCollectors(options: {
  knex: Knex;
  now: Date;
}): Promise<CollectorStatusList> {
  const { knex, now } = options;
  const since = new Date(now.getTime() - DAY);
  const { rows } = (await knex.raw(
    `WITH collectors AS (
       SELECT c.id AS resource_id, c.name, last.value AS last_value,
              recent.runs, recent.failures, recent.messages
         FROM resources c
         LEFT JOIN LATERAL (
           SELECT r.value FROM readings r
            WHERE r.resource_id = c.id AND r.type = :runType AND r.storage_mode = 'TIME_SERIES'
            ORDER BY r.collected_at DESC LIMIT 1
         ) last ON true
         LEFT JOIN LATERAL (
           SELECT count(*)::int AS runs,
                  count(*) FILTER (WHERE r.value->>'status' = 'FAILED')::int AS failures,
                  -- a value written by hand may hold anything: count only numbers
                  coalesce(sum(CASE WHEN jsonb_typeof(r.value->'messages') = 'number'
                                    THEN (r.value->>'messages')::numeric END), 0)::bigint AS messages
             FROM readings r
            WHERE r.resource_id = c.id AND r.type = :runType AND r.storage_mode = 'TIME_SERIES'
              AND r.collected_at > :since AND r.collected_at <= :now
         ) recent ON true
        WHERE c.type = :collectorType
     ),
     rejected AS (
       SELECT collector AS name, count(*)::int AS rejections
         FROM rejections
        WHERE received_at > :since AND received_at <= :now AND collector IS NOT NULL
        GROUP BY collector
     )
     SELECT coalesce(c.name, j.name) AS name, c.resource_id, c.last_value,
            c.runs, c.failures, c.messages, j.rejections
       FROM collectors c
       FULL JOIN rejected j ON j.name = c.name
      ORDER BY 1`,
    {
      runType: COLLECTOR_RUN_READING_TYPE,
      collectorType: RESOURCE_TYPES.Collector,
      since,
      now,
    },
  )) as { rows: DbCollectorRow[] };
  return {
    at: now.toISOString(),
    items: rows.map(row => toCollectorStatus(row, now)),
  };
}

function toCollectorStatus(row: DbCollectorRow, now: Date): CollectorStatus {
  // a run record that breaks the schema (written by hand) counts as no readable last run
  const parsed = CollectorRunValueSchema.safeParse(row.last_value);
  const lastRun = parsed.success ? parsed.data : null;
  const schedule = lastRun?.schedule ?? null;
  const dueBy =
    lastRun && schedule
      ? collectorDueBy({
          schedule,
          lastStartedAt: new Date(lastRun.startedAt),
          lastFinishedAt: new Date(lastRun.finishedAt),
        }) ?? null
      : null;
  return {
    id: row.name,
    resourceId: row.resource_id,
    lastRun,
    schedule,
    dueBy: dueBy?.toISOString() ?? null,
    overdue: dueBy !== null && dueBy.getTime() < now.getTime(),
    last24h: {
      runs: row.runs ?? 0,
      failures: row.failures ?? 0,
      messages: Number(row.messages ?? 0),
      rejections: row.rejections ?? 0,
    },
  };
}
