/**
 * The interval of an EventBridge `rate(...)` expression in milliseconds, or undefined for
 * `cron(...)` expressions (those run on EventBridge, or once with `--once`).
 *
 * @example
 * scheduleIntervalMs('rate(15 minutes)') // 900000
 */
export function scheduleIntervalMs(schedule: string): number | undefined {
  const match = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/.exec(
    schedule.trim(),
  );
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = match[2].replace(/s$/, '');
  const unitMs: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
  return amount * unitMs[unit];
}
