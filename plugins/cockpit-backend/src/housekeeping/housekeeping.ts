import type { HousekeepingStore } from '../database/KnexCockpitStore';
import type { HousekeepingConfig } from './config';

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
  rejections: number;
}

/**
 * Deletes stale resources (with their descendants and readings), old and surplus
 * TIME_SERIES points and old rejections through the store, each in batches of `batchSize`
 * rows so no statement holds locks for long. Runs from the scheduler, never in the insert path.
 */
export async function runHousekeeping(options: {
  store: HousekeepingStore;
  config: Pick<
    HousekeepingConfig,
    'batchSize' | 'staleResources' | 'readingRetention' | 'rejectionMaxAgeMs'
  >;
  now?: Date;
}): Promise<HousekeepingReport> {
  const { store, config } = options;
  const { batchSize } = config;
  const now = options.now ?? new Date();
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const report: HousekeepingReport = {
    staleResources: [],
    readingRetention: [],
    rejections: 0,
  };
  for (const rule of config.staleResources) {
    const deleted = await store.deleteStaleResources({
      type: rule.type,
      withoutReading: rule.withoutReading,
      createdBefore: ago(rule.minAgeMs),
      missingSince: ago(rule.missingForMs),
      batchSize,
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
  if (config.rejectionMaxAgeMs !== undefined) {
    report.rejections = await store.deleteOldRejections({
      before: ago(config.rejectionMaxAgeMs),
      batchSize,
    });
  }
  return report;
}
