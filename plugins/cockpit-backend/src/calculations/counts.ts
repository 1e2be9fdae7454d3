import {
  HEALTH_STATUSES,
  HealthCounts,
  HealthStatus,
  resourceId,
  ReadingValue,
  SEVERITIES,
  Severity,
  SeverityCounts,
} from '@cockpit/plugin-cockpit-common';
import type { CockpitStore } from '@cockpit/plugin-cockpit-node';

/** One advisory of a `vulnerabilities` reading, as decoded by the store. */
export type Advisory = ReadingValue<'vulnerabilities'>['items'][number];

const NO_SEVERITIES = Object.freeze(
  Object.fromEntries(SEVERITIES.map(s => [s, 0])) as SeverityCounts,
);

/** Zero counts for every severity (a copy: a few times faster than building it anew). */
export function emptySeverityCounts(): SeverityCounts {
  return { ...NO_SEVERITIES };
}

/** Zero counts for every health status. */
export function emptyHealthCounts(): HealthCounts {
  return {
    ...(Object.fromEntries(HEALTH_STATUSES.map(s => [s, 0])) as Record<
      HealthStatus,
      number
    >),
    total: 0,
  };
}

/** Severity counts of a list of advisories. */
export function countSeverities(
  advisories: readonly Advisory[],
): SeverityCounts {
  const counts = emptySeverityCounts();
  for (const advisory of advisories) counts[advisory.severity] += 1;
  return counts;
}

/** Adds `more` into `counts`. */
export function addSeverityCounts(
  counts: SeverityCounts,
  more: SeverityCounts,
): void {
  for (const severity of SEVERITIES) counts[severity] += more[severity];
}

/** The rank of a severity: 0 for CRITICAL ... 4 for UNKNOWN. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** The highest severity with a non-zero count, or UNKNOWN. */
export function highestSeverity(counts: SeverityCounts): Severity {
  return SEVERITIES.find(s => counts[s] > 0) ?? 'UNKNOWN';
}

/** Compares severity counts: more CRITICAL first, then more HIGH, ... */
export function compareSeverityCounts(
  a: SeverityCounts,
  b: SeverityCounts,
): number {
  for (const severity of SEVERITIES) {
    if (a[severity] !== b[severity]) return b[severity] - a[severity];
  }
  return 0;
}

/**
 * The advisories of each of these dependency versions (by version name) that has any: one
 * store read, the version ids being the contract's deterministic ids.
 */
export async function readAdvisories(options: {
  store: CockpitStore;
  versionNames: Iterable<string>;
}): Promise<Map<string, Advisory[]>> {
  const nameById = new Map<string, string>();
  for (const name of options.versionNames)
    nameById.set(resourceId('SoftwareDependencyVersion', name), name);
  const { readings } = await options.store.readCurrent({
    resourceIds: [...nameById.keys()],
    types: ['vulnerabilities'],
  });
  const advisories = new Map<string, Advisory[]>();
  for (const reading of readings) {
    const name = nameById.get(reading.resourceId);
    if (name && reading.value.items.length > 0)
      advisories.set(name, reading.value.items);
  }
  return advisories;
}
