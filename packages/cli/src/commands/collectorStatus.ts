import type { CollectorStatusList } from '@cockpit/plugin-cockpit-common';
import { formatTable } from './apiInput';

/** `3 min ago`, `5 h ago`, `2 d ago`; `in 4 min` for a time ahead. */
export function formatAge(iso: string, now: Date): string {
  const ms = now.getTime() - new Date(iso).getTime();
  const minutes = Math.round(Math.abs(ms) / 60_000);
  let text = `${minutes} min`;
  if (minutes >= 48 * 60) text = `${Math.round(minutes / 1440)} d`;
  else if (minutes >= 120) text = `${Math.round(minutes / 60)} h`;
  return ms >= 0 ? `${text} ago` : `in ${text}`;
}

/**
 * The table of `yarn cockpit collectors --status`: one line per collector with its last run,
 * what that run delivered, the last 24 hours, and OVERDUE when the schedule's next run is late.
 */
export function formatCollectorStatus(list: CollectorStatusList): string {
  const now = new Date(list.at);
  return formatTable(
    ['COLLECTOR', 'LAST RUN', 'STATUS', 'MESSAGES', 'RUNS 24H', 'FAILED 24H', 'REJECTED 24H', 'SCHEDULE', 'NEXT DUE'],
    list.items.map(c => [
      c.id,
      c.lastRun ? formatAge(c.lastRun.startedAt, now) : 'never',
      c.lastRun ? c.lastRun.status : '-',
      c.lastRun ? c.lastRun.messages : '-',
      c.last24h.runs,
      c.last24h.failures,
      c.last24h.rejections,
      c.schedule ?? '-',
      c.overdue ? `OVERDUE (${formatAge(c.dueBy!, now)})` : c.dueBy ? formatAge(c.dueBy, now) : '-',
    ]),
  );
}
