const UNIT_MS: Record<string, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/**
 * The interval of an EventBridge `rate(...)` expression in milliseconds, or undefined for
 * anything else (`cron(...)` expressions).
 *
 * @example
 * scheduleIntervalMs('rate(15 minutes)') // 900000
 */
export function scheduleIntervalMs(schedule: string): number | undefined {
  const match =
    /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/.exec(
      schedule.trim(),
    );
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MS[match[2].replace(/s$/, '')];
}
