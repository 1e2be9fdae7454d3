import type { HousekeepingStore } from '../database/KnexCockpitStore';
import type {
  HousekeepingConfig,
  StaleResourceRule,
  VersionRetentionRule,
} from './config';

/** What one housekeeping run removed. */
export interface HousekeepingReport {
  staleResources: Array<{
    type: string;
    withoutReading?: string;
    resources: number;
    descendants: number;
    readings: number;
  }>;
  readingRetention: Array<{ type: string; byAge: number; byCount: number }>;
  versionRetention: Array<{ type: string; byAge: number; byCount: number }>;
  tombstones: number;
  rejections: number;
}

/**
 * Deletes stale resources (with their descendants, readings and versions, leaving
 * tombstones that name the rule), old and surplus TIME_SERIES points, old and surplus
 * versions of SNAPSHOT readings (never the one in force), old tombstones and old rejections
 * through the store, each in batches of `batchSize` rows so no statement holds locks for
 * long. Runs from the scheduler, never in the insert path.
 */
export async function runHousekeeping(options: {
  store: HousekeepingStore;
  config: Pick<
    HousekeepingConfig,
    'batchSize' | 'staleResources' | 'readingRetention' | 'rejectionMaxAgeMs'
  > &
    Partial<Pick<HousekeepingConfig, 'versionRetention' | 'tombstoneMaxAgeMs'>>;
  now?: Date;
}): Promise<HousekeepingReport> {
  const { store, config } = options;
  const { batchSize } = config;
  const now = options.now ?? new Date();
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const report: HousekeepingReport = {
    staleResources: [],
    readingRetention: [],
    versionRetention: [],
    tombstones: 0,
    rejections: 0,
  };
  for (const rule of config.staleResources) {
    const deleted = await store.deleteStaleResources({
      type: rule.type,
      withoutReading: rule.withoutReading,
      createdBefore: ago(rule.minAgeMs),
      missingSince: ago(rule.missingForMs),
      batchSize,
      reason: staleReason(rule),
    });
    report.staleResources.push({
      type: rule.type,
      ...(rule.withoutReading ? { withoutReading: rule.withoutReading } : {}),
      ...deleted,
    });
  }
  for (const rule of config.readingRetention) {
    const byAge =
      rule.maxAgeMs === undefined
        ? 0
        : await store.deleteOldTimeSeries({
            type: rule.type,
            before: ago(rule.maxAgeMs),
            batchSize,
          });
    const byCount =
      rule.maxPoints === undefined
        ? 0
        : await store.trimTimeSeries({
            type: rule.type,
            maxPoints: rule.maxPoints,
            batchSize,
          });
    report.readingRetention.push({ type: rule.type, byAge, byCount });
  }
  report.versionRetention = await keepVersions(
    store,
    config.versionRetention ?? [],
    { batchSize, ago },
  );
  if (config.tombstoneMaxAgeMs !== undefined) {
    report.tombstones = await store.deleteOldTombstones({
      before: ago(config.tombstoneMaxAgeMs),
      batchSize,
    });
  }
  if (config.rejectionMaxAgeMs !== undefined) {
    report.rejections = await store.deleteOldRejections({
      before: ago(config.rejectionMaxAgeMs),
      batchSize,
    });
  }
  return report;
}

/** Applies the version retention rules (contract section 7.5), one type after another. */
async function keepVersions(
  store: HousekeepingStore,
  rules: VersionRetentionRule[],
  options: { batchSize: number; ago: (ms: number) => Date },
): Promise<HousekeepingReport['versionRetention']> {
  const { batchSize, ago } = options;
  const report: HousekeepingReport['versionRetention'] = [];
  for (const rule of rules) {
    const byAge =
      rule.maxAgeMs === undefined
        ? 0
        : await store.deleteOldVersions({
            type: rule.type,
            before: ago(rule.maxAgeMs),
            batchSize,
          });
    const byCount =
      rule.maxVersions === undefined
        ? 0
        : await store.trimVersions({
            type: rule.type,
            maxVersions: rule.maxVersions,
            batchSize,
          });
    report.push({ type: rule.type, byAge, byCount });
  }
  return report;
}

/** The tombstone reason of a stale-resource rule, e.g. `staleResources: ServiceInstance without health for 21600 s`. */
function staleReason(rule: StaleResourceRule): string {
  const duration = `${Math.round(rule.missingForMs / 1000)} s`;
  return rule.withoutReading
    ? `staleResources: ${rule.type} without ${rule.withoutReading} for ${duration}`
    : `staleResources: ${rule.type} not seen for ${duration}`;
}
