import { z } from 'zod';

/** The TIME_SERIES reading type of one collector run, on the `Collector` resource (contract section 8). */
export const COLLECTOR_RUN_READING_TYPE = 'collector-run';

/** Outcome of a collector run. */
export const COLLECTOR_RUN_STATUSES = ['OK', 'FAILED'] as const;
/** Outcome of a collector run. */
export type CollectorRunStatus = (typeof COLLECTOR_RUN_STATUSES)[number];

const isoDate = z.iso.datetime({ offset: true });

/**
 * Value of a `collector-run` reading: what one run did. `messages` and `batches` count what
 * was delivered (the run record itself excluded); `rejected` the messages the receiving end
 * refused, when the publisher learns it; `schedule` the collector's schedule expression, so
 * the API can tell whether the collector is overdue.
 */
export const CollectorRunValueSchema = z.looseObject({
  runId: z.string().min(1),
  startedAt: isoDate,
  finishedAt: isoDate,
  status: z.enum(COLLECTOR_RUN_STATUSES),
  messages: z.number().int().nonnegative(),
  batches: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative().optional(),
  error: z.string().optional(),
  schedule: z.string().optional(),
  publisher: z.string().optional(),
});

/** Value of a `collector-run` reading. */
export type CollectorRunValue = z.infer<typeof CollectorRunValueSchema>;

/** One collector as `GET /collectors` lists it. */
export interface CollectorStatus {
  /** The collector id (the `name` of its `Collector` resource, the `collector` of its batches). */
  id: string;
  /** Id of the `Collector` resource; null for a collector known only from rejected input. */
  resourceId: string | null;
  /** The newest run, or null when none was recorded. */
  lastRun: CollectorRunValue | null;
  /** The schedule expression of the newest run that named one. */
  schedule: string | null;
  /** When the next run is due at the latest (the schedule's next time after the last start, plus grace); null when unknown. */
  dueBy: string | null;
  /** True when `dueBy` has passed without a newer run. */
  overdue: boolean;
  /** Runs, failed runs, messages and rejections of the last 24 hours. */
  last24h: {
    runs: number;
    failures: number;
    messages: number;
    rejections: number;
  };
}

/** Answer of `GET /collectors`. */
export interface CollectorStatusList {
  /** When the answer was computed (the end of the 24-hour window). */
  at: string;
  items: CollectorStatus[];
}

/**
 * A time relative to `now` for people: `12 min ago`, `3 h ago`, `2 d ago`, or `in 5 min` for a
 * time ahead (the collectors page and `yarn cockpit collectors --status`).
 */
export function formatRelativeTime(iso: string, now: number): string {
  const ms = now - new Date(iso).getTime();
  const minutes = Math.round(Math.abs(ms) / 60_000);
  let text = `${minutes} min`;
  if (minutes >= 48 * 60) text = `${Math.round(minutes / 1440)} d`;
  else if (minutes >= 120) text = `${Math.round(minutes / 60)} h`;
  return ms >= 0 ? `${text} ago` : `in ${text}`;
}
