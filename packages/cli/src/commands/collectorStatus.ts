import {
  CollectorStatus,
  CollectorStatusList,
  formatRelativeTime,
} from '@cockpit/plugin-cockpit-common';
import { formatTable } from './apiInput';

function nextDue(collector: CollectorStatus, now: number): string {
  if (!collector.dueBy) return '-';
  const due = formatRelativeTime(collector.dueBy, now);
  return collector.overdue ? `OVERDUE (${due})` : due;
}

/**
 * The table of `yarn cockpit collectors --status`: one line per collector with its last run,
 * what that run delivered, the last 24 hours, and OVERDUE when the schedule's next run is late.
 */
export function formatCollectorStatus(list: CollectorStatusList): string {
  const now = new Date(list.at).getTime();
  return formatTable(
    [
      'COLLECTOR',
      'LAST RUN',
      'STATUS',
      'MESSAGES',
      'RUNS 24H',
      'FAILED 24H',
      'REJECTED 24H',
      'SCHEDULE',
      'NEXT DUE',
    ],
    list.items.map(c => [
      c.id,
      c.lastRun ? formatRelativeTime(c.lastRun.startedAt, now) : 'never',
      c.lastRun ? c.lastRun.status : '-',
      c.lastRun ? c.lastRun.messages : '-',
      c.last24h.runs,
      c.last24h.failures,
      c.last24h.rejections,
      c.schedule ?? '-',
      nextDue(c, now),
    ]),
  );
}
