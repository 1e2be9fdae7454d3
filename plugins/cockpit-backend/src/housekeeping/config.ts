import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';

/** "Delete resources of `type` that have had no `withoutReading` reading for `missingFor`." */
export interface StaleResourceRule {
  /** Resource type, e.g. `ServiceInstance`. */
  type: string;
  /** Reading type whose absence makes a resource stale; without it, `lastSeenOn` decides. */
  withoutReading?: string;
  /** How long without that reading (or without being seen), in milliseconds. */
  missingForMs: number;
  /** Only resources created at least this long ago, in milliseconds. */
  minAgeMs: number;
}

/** TIME_SERIES retention of one reading type. */
export interface ReadingRetentionRule {
  type: string;
  /** Points collected longer ago than this are deleted (milliseconds). */
  maxAgeMs?: number;
  /** At most this many newest points are kept per resource. */
  maxPoints?: number;
}

/** Version retention of one SNAPSHOT reading type (the version in force is always kept). */
export interface VersionRetentionRule {
  type: string;
  /** Versions that ended longer ago than this are deleted (milliseconds). */
  maxAgeMs?: number;
  /** At most this many newest versions are kept per resource (at least 1). */
  maxVersions?: number;
}

/** Everything housekeeping does, read from `cockpit.housekeeping`. */
export interface HousekeepingConfig {
  enabled: boolean;
  schedule: SchedulerServiceTaskScheduleDefinition;
  batchSize: number;
  staleResources: StaleResourceRule[];
  readingRetention: ReadingRetentionRule[];
  versionRetention: VersionRetentionRule[];
  /** Tombstones of resources deleted longer ago than this are deleted (milliseconds). */
  tombstoneMaxAgeMs?: number;
  /** Rejections received longer ago than this are deleted (milliseconds). */
  rejectionMaxAgeMs?: number;
}

/** Reads a Backstage duration (`{ hours: 6 }` or ISO 8601 `PT6H`) as milliseconds. */
export function readDurationMs(config: Config, key: string): number {
  return durationToMilliseconds(readDurationFromConfig(config, { key }));
}

/** The defaults: every 10 minutes, 1000 rows per statement, no rules (nothing is deleted unless configured). */
export function readHousekeepingConfig(config: Config): HousekeepingConfig {
  const section = config.getOptionalConfig('cockpit.housekeeping');
  const scheduleConfig = section?.getOptionalConfig('schedule');
  return {
    enabled: section?.getOptionalBoolean('enabled') ?? true,
    schedule: scheduleConfig
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
      : {
          frequency: { minutes: 10 },
          timeout: { minutes: 9 },
          initialDelay: { minutes: 1 },
        },
    batchSize: section?.getOptionalNumber('batchSize') ?? 1000,
    staleResources: (
      section?.getOptionalConfigArray('staleResources') ?? []
    ).map(rule => ({
      type: rule.getString('type'),
      withoutReading: rule.getOptionalString('withoutReading'),
      missingForMs: readDurationMs(rule, 'missingFor'),
      minAgeMs: rule.has('minAge') ? readDurationMs(rule, 'minAge') : 0,
    })),
    readingRetention: (
      section?.getOptionalConfigArray('readingRetention') ?? []
    ).map(rule => ({
      type: rule.getString('type'),
      maxAgeMs: rule.has('maxAge') ? readDurationMs(rule, 'maxAge') : undefined,
      maxPoints: rule.getOptionalNumber('maxPoints'),
    })),
    versionRetention: (
      section?.getOptionalConfigArray('versionRetention') ?? []
    ).map(readVersionRule),
    tombstoneMaxAgeMs: section?.has('tombstoneRetention.maxAge')
      ? readDurationMs(section.getConfig('tombstoneRetention'), 'maxAge')
      : undefined,
    rejectionMaxAgeMs: section?.has('rejectionRetention.maxAge')
      ? readDurationMs(section.getConfig('rejectionRetention'), 'maxAge')
      : undefined,
  };
}

/** One `versionRetention` rule; `maxVersions` must keep the version in force. */
function readVersionRule(rule: Config): VersionRetentionRule {
  const maxVersions = rule.getOptionalNumber('maxVersions');
  if (
    maxVersions !== undefined &&
    (!Number.isInteger(maxVersions) || maxVersions < 1)
  ) {
    throw new Error(
      `cockpit.housekeeping.versionRetention: maxVersions of ${rule.getString(
        'type',
      )} must be a whole number of at least 1 (the version in force is always kept), got ${maxVersions}`,
    );
  }
  return {
    type: rule.getString('type'),
    maxAgeMs: rule.has('maxAge') ? readDurationMs(rule, 'maxAge') : undefined,
    maxVersions,
  };
}
