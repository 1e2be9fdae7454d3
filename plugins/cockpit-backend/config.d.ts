import { HumanDuration } from '@backstage/types';
import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Cockpit data provider settings. */
  cockpit?: {
    /** How the data provider uses its database. */
    database?: {
      /**
       * Send the calculations' reads as named prepared statements, planned once per pooled
       * connection. Default true (always off on the embedded engine). Set false behind a
       * pooler that runs each transaction on any server connection without tracking
       * prepared statements (PgBouncer before 1.21 in transaction mode).
       */
      preparedStatements?: boolean;
    };
    /** Scheduled clean-up (runs once across replicas through the scheduler service). */
    housekeeping?: {
      /** Default true. */
      enabled?: boolean;
      /** Default: every 10 minutes, 9 minute timeout, 1 minute initial delay. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Rows per delete statement. Default 1000. */
      batchSize?: number;
      /**
       * Resources to delete with their descendants and readings, e.g.
       * `{ type: ServiceInstance, withoutReading: health, missingFor: { hours: 6 }, minAge: { hours: 1 } }`.
       */
      staleResources?: Array<{
        /** Resource type. */
        type: string;
        /** Reading type whose absence makes a resource stale; unset: lastSeenOn decides. */
        withoutReading?: string;
        /** How long without that reading (or without being seen). */
        missingFor: HumanDuration | string;
        /** Only resources created at least this long ago. Default 0. */
        minAge?: HumanDuration | string;
      }>;
      /** TIME_SERIES retention per reading type. */
      readingRetention?: Array<{
        /** Reading type, e.g. service-event. */
        type: string;
        /** Points collected longer ago are deleted. */
        maxAge?: HumanDuration | string;
        /** Newest points kept per resource. */
        maxPoints?: number;
      }>;
      /**
       * Retention of the versions of SNAPSHOT readings, per reading type (contract section
       * 7.5); the version in force is always kept. Types without a rule keep every version.
       */
      versionRetention?: Array<{
        /** Reading type, e.g. health. */
        type: string;
        /** Versions that ended longer ago are deleted. */
        maxAge?: HumanDuration | string;
        /** Newest versions kept per resource (at least 1). */
        maxVersions?: number;
      }>;
      /** Retention of the tombstones of resources housekeeping deleted. */
      tombstoneRetention?: {
        maxAge: HumanDuration | string;
      };
      /** Retention of quarantined input. */
      rejectionRetention?: {
        maxAge: HumanDuration | string;
      };
    };
  };
}
