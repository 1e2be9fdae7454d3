/** One day in milliseconds. */
export const DAY = 86_400_000;

/** Whole days from an ISO time to `now`, never negative. */
export function ageDays(from: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(from)) / DAY));
}
