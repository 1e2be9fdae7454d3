import { CronTime } from 'cron';
import { scheduleIntervalMs } from '@cockpit/plugin-cockpit-common';

const MINUTE = 60_000;

/**
 * The first time an EventBridge schedule expression fires after `after`: `rate(...)` adds its
 * interval, `cron(min hour day-of-month month day-of-week year)` is evaluated in UTC as
 * EventBridge does. Undefined for what cannot be evaluated here (the `L`, `W` and `#` forms,
 * a year other than `*`, anything unparseable).
 *
 * @example
 * nextScheduledRun({ schedule: 'cron(0 3 * * ? *)', after: new Date('2026-12-01T05:00:00Z') })
 * // 2026-12-02T03:00:00.000Z
 */
export function nextScheduledRun(options: {
  schedule: string;
  after: Date;
}): Date | undefined {
  const { schedule, after } = options;
  const interval = scheduleIntervalMs(schedule);
  if (interval !== undefined) return new Date(after.getTime() + interval);
  const fields = /^cron\((.*)\)$/
    .exec(schedule.trim())?.[1]
    .trim()
    .split(/\s+/);
  if (!fields || fields.length !== 6) return undefined;
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields;
  if (year !== '*' || fields.some(f => /[LW#]/.test(f))) return undefined;
  try {
    const cronTime = new CronTime(
      [
        '0',
        minutes,
        hours,
        dayOfMonth === '?' ? '*' : dayOfMonth,
        month,
        dayOfWeek === '?' ? '*' : eventBridgeDaysOfWeek(dayOfWeek),
      ].join(' '),
      'UTC',
    );
    return cronTime.getNextDateFrom(after, 'UTC').toJSDate();
  } catch {
    // not an expression the cron package can read: the schedule is unknown, not an error
    return undefined;
  }
}

/** EventBridge numbers days of the week 1 (Sunday) to 7; the cron package 0 (Sunday) to 6. */
function eventBridgeDaysOfWeek(field: string): string {
  return field.replace(/\d+/g, day => String(Number(day) - 1));
}

/**
 * When the run after one that started at `lastStartedAt` should have been recorded at the
 * latest: the schedule's next time, plus as long as the last run took (its record is written
 * when it ends), plus a grace of a tenth of the interval and at least 5 minutes (EventBridge
 * and Lambda start late now and then).
 */
export function collectorDueBy(options: {
  schedule: string;
  lastStartedAt: Date;
  lastFinishedAt: Date;
}): Date | undefined {
  const next = nextScheduledRun({
    schedule: options.schedule,
    after: options.lastStartedAt,
  });
  if (!next) return undefined;
  const interval = next.getTime() - options.lastStartedAt.getTime();
  const duration = Math.max(
    0,
    options.lastFinishedAt.getTime() - options.lastStartedAt.getTime(),
  );
  return new Date(
    next.getTime() + duration + Math.max(5 * MINUTE, interval / 10),
  );
}
