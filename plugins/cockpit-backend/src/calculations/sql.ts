import { SEVERITIES, Severity, SeverityCounts, HealthCounts, HEALTH_STATUSES, HealthStatus } from '@cockpit/plugin-cockpit-common';

/** `jsonb_array_elements(_text)` input that tolerates a missing or non-array field. */
export function jsonArray(expression: string): string {
  return `CASE WHEN jsonb_typeof(${expression}) = 'array' THEN ${expression} ELSE '[]'::jsonb END`;
}

/** SQL for a severity text normalised to the five known ones (others count as UNKNOWN). */
export function normalisedSeverity(expression: string): string {
  return `CASE WHEN upper(${expression}) IN (${SEVERITIES.map(s => `'${s}'`).join(', ')}) THEN upper(${expression}) ELSE 'UNKNOWN' END`;
}

/** SQL for the rank of a normalised severity: 0 for CRITICAL ... 4 for UNKNOWN. */
export function severityRank(expression: string): string {
  return `CASE ${expression} ${SEVERITIES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} ELSE ${SEVERITIES.length - 1} END`;
}

/** Zero counts for every severity. */
export function emptySeverityCounts(): SeverityCounts {
  return Object.fromEntries(SEVERITIES.map(s => [s, 0])) as SeverityCounts;
}

/** Zero counts for every health status. */
export function emptyHealthCounts(): HealthCounts {
  return { ...(Object.fromEntries(HEALTH_STATUSES.map(s => [s, 0])) as Record<HealthStatus, number>), total: 0 };
}

/** A severity text as one of the five (anything else is UNKNOWN). */
export function toSeverity(value: unknown): Severity {
  const upper = typeof value === 'string' ? value.toUpperCase() : '';
  return (SEVERITIES as readonly string[]).includes(upper) ? (upper as Severity) : 'UNKNOWN';
}

/** A health text as one of the four statuses (anything else is UNKNOWN). */
export function toHealthStatus(value: unknown): HealthStatus {
  const upper = typeof value === 'string' ? value.toUpperCase() : '';
  return (HEALTH_STATUSES as readonly string[]).includes(upper) ? (upper as HealthStatus) : 'UNKNOWN';
}

/** The highest severity with a non-zero count, or UNKNOWN. */
export function highestSeverity(counts: SeverityCounts): Severity {
  return SEVERITIES.find(s => counts[s] > 0) ?? 'UNKNOWN';
}

/** Compares severity counts: more CRITICAL first, then more HIGH, ... */
export function compareSeverityCounts(a: SeverityCounts, b: SeverityCounts): number {
  for (const severity of SEVERITIES) {
    if (a[severity] !== b[severity]) return b[severity] - a[severity];
  }
  return 0;
}

/** `pkg:npm/express@4.18.2` -> `{ package: 'pkg:npm/express', version: '4.18.2' }`. */
export function splitVersionName(name: string): { package: string; version: string } {
  const at = name.lastIndexOf('@');
  return at > 0 ? { package: name.slice(0, at), version: name.slice(at + 1) } : { package: name, version: '' };
}

/** Optional string field of a JSON object, or null. */
export function stringField(value: unknown, field: string): string | null {
  if (value && typeof value === 'object' && typeof (value as any)[field] === 'string') {
    return (value as any)[field];
  }
  return null;
}

/** Timestamp (Date or text from JSON) as ISO 8601. */
export function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
