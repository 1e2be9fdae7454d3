import { SEVERITIES, type Severity } from '@cockpit/plugin-cockpit-common';

/** A severity's place on the scale: 0 for CRITICAL, down to UNKNOWN last (for sorting and minimums). */
export const severityRank = (severity: Severity) =>
  SEVERITIES.indexOf(severity);

/** Sorts table rows by a severity of theirs, the most severe first. */
export function bySeverity<T>(
  severityOf: (row: T) => Severity,
): (a: T, b: T) => number {
  return (a, b) => severityRank(severityOf(a)) - severityRank(severityOf(b));
}
