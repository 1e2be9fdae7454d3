import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type {
  Change,
  CollectorStatusList,
  Page,
  Reading,
  ReadingVersion,
  Rejection,
  Resource,
} from '@cockpit/plugin-cockpit-common';
import type {
  CockpitStore,
  DependencyLink,
  DeploymentImagesAnswer,
  InvalidStoredValue,
  ReadingsAnswer,
  TimeSeriesCount,
} from '@cockpit/plugin-cockpit-node';
import { countTimeSeries } from './operations/countTimeSeries';
import { deleteOldRejections } from './operations/deleteOldRejections';
import { deleteOldTimeSeries } from './operations/deleteOldTimeSeries';
import { deleteOldTombstones } from './operations/deleteOldTombstones';
import { deleteOldVersions } from './operations/deleteOldVersions';
import {
  deleteStaleResources,
  StaleResourceSelector,
  StaleResourcesDeleted,
} from './operations/deleteStaleResources';
import { getResource } from './operations/getResource';
import { getResources } from './operations/getResources';
import { getSubtree } from './operations/getSubtree';
import { listChanges } from './operations/listChanges';
import { listChildren } from './operations/listChildren';
import { listCollectors } from './operations/listCollectors';
import { listReadings } from './operations/listReadings';
import { listRejections } from './operations/listRejections';
import { listResources } from './operations/listResources';
import { readCurrent } from './operations/readCurrent';
import { readDependencyLinks } from './operations/readDependencyLinks';
import { readDeploymentImages } from './operations/readDeploymentImages';
import { readingHistory } from './operations/readingHistory';
import { readTimeSeries } from './operations/readTimeSeries';
import { trimTimeSeries } from './operations/trimTimeSeries';
import { trimVersions } from './operations/trimVersions';
import type { ReadConnection } from './prepared';

/** The writes of scheduled housekeeping: each deletes in batches of `batchSize` rows. */
export interface HousekeepingStore {
  /** Stale resources, leaving tombstones that give `reason`. */
  deleteStaleResources(
    options: StaleResourceSelector & { batchSize: number; reason: string },
  ): Promise<StaleResourcesDeleted>;
  /** TIME_SERIES points of one type collected before `before`; returns how many were deleted. */
  deleteOldTimeSeries(options: {
    type: string;
    before: Date;
    batchSize: number;
  }): Promise<number>;
  /** All but the newest `maxPoints` TIME_SERIES points of one type per resource. */
  trimTimeSeries(options: {
    type: string;
    maxPoints: number;
    batchSize: number;
  }): Promise<number>;
  /** Rejections received before `before`. */
  deleteOldRejections(options: {
    before: Date;
    batchSize: number;
  }): Promise<number>;
  /** Versions of one type that ended before `before` (never the one in force). */
  deleteOldVersions(options: {
    type: string;
    before: Date;
    batchSize: number;
  }): Promise<number>;
  /** All but the newest `maxVersions` versions of one type per resource. */
  trimVersions(options: {
    type: string;
    maxVersions: number;
    batchSize: number;
  }): Promise<number>;
  /** Tombstones of resources deleted before `before`. */
  deleteOldTombstones(options: {
    before: Date;
    batchSize: number;
  }): Promise<number>;
}

/**
 * The one implementation of {@link CockpitStore} (and of the housekeeping writes) over knex:
 * each method is one operation of `./operations`, with its own test on both engines. The
 * database is migrated by whoever opens it (`openCockpitDatabase`), shared with the sink.
 * A store made by {@link KnexCockpitStore.asOf} passes its moment to every reader that was not
 * given one.
 */
export class KnexCockpitStore implements CockpitStore, HousekeepingStore {
  private constructor(
    private readonly knex: Knex,
    private readonly logger: LoggerService | undefined,
    private readonly prepared: boolean,
    private readonly at?: Date,
  ) {}

  /**
   * A store over an open, migrated Cockpit database; stored values that do not fit are logged
   * to `logger`. `preparedStatements`: the calculations' reads are named prepared statements
   * (`supportsPreparedStatements` in ./prepared says when a database allows it); default false.
   */
  static create(options: {
    knex: Knex;
    logger?: LoggerService;
    preparedStatements?: boolean;
  }): KnexCockpitStore {
    return new KnexCockpitStore(
      options.knex,
      options.logger,
      options.preparedStatements ?? false,
    );
  }

  /** The knex of the escape hatch (`CalculationContext.unsafeKnex`); nothing else hands it out. */
  unsafeKnex(): Knex {
    return this.knex;
  }

  asOf(at: Date): KnexCockpitStore {
    return new KnexCockpitStore(this.knex, this.logger, this.prepared, at);
  }

  now(): Date {
    return this.at ?? new Date();
  }

  /** Where an operation reads. */
  private get connection(): ReadConnection {
    return { knex: this.knex, prepared: this.prepared };
  }

  /** Where an operation reads, and the moment: the call's `asOf`, else the store's. */
  private scope(options: { asOf?: Date }): ReadConnection & { asOf?: Date } {
    return { ...this.connection, asOf: options.asOf ?? this.at };
  }

  getResource(
    options: Parameters<CockpitStore['getResource']>[0],
  ): Promise<Resource | undefined> {
    return getResource({ ...options, ...this.scope(options) });
  }

  getResources(
    options: Parameters<CockpitStore['getResources']>[0],
  ): Promise<Resource[]> {
    return getResources({ ...options, ...this.scope(options) });
  }

  listResources(
    options: Parameters<CockpitStore['listResources']>[0],
  ): Promise<Page<Resource>> {
    return listResources({ ...options, ...this.scope(options) });
  }

  listChildren(
    options: Parameters<CockpitStore['listChildren']>[0],
  ): Promise<Resource[]> {
    return listChildren({ ...options, ...this.scope(options) });
  }

  getSubtree(
    options: Parameters<CockpitStore['getSubtree']>[0],
  ): Promise<Resource[]> {
    return getSubtree({ ...options, ...this.scope(options) });
  }

  async readCurrent<T extends string>(
    options: Parameters<CockpitStore['readCurrent']>[0] & {
      types: readonly T[];
    },
  ): Promise<ReadingsAnswer<T>> {
    return this.reportInvalid(
      await readCurrent<T>({ ...options, ...this.scope(options) }),
    );
  }

  async readTimeSeries<T extends string>(
    options: Parameters<CockpitStore['readTimeSeries']>[0] & { type: T },
  ): Promise<ReadingsAnswer<T>> {
    return this.reportInvalid(
      await readTimeSeries<T>({ ...options, ...this.scope(options) }),
    );
  }

  countTimeSeries(
    options: Parameters<CockpitStore['countTimeSeries']>[0],
  ): Promise<TimeSeriesCount[]> {
    return countTimeSeries({ ...options, ...this.scope(options) });
  }

  listReadings(
    options: Parameters<CockpitStore['listReadings']>[0],
  ): Promise<Page<Reading>> {
    return listReadings({ ...options, ...this.scope(options) });
  }

  readDependencyLinks(
    options: Parameters<CockpitStore['readDependencyLinks']>[0],
  ): Promise<DependencyLink[]> {
    return readDependencyLinks({ ...options, ...this.scope(options) });
  }

  readingHistory(
    options: Parameters<CockpitStore['readingHistory']>[0],
  ): Promise<Page<ReadingVersion>> {
    return readingHistory({ ...this.connection, ...options });
  }

  listChanges(
    options: Parameters<CockpitStore['listChanges']>[0],
  ): Promise<Page<Change>> {
    return listChanges({ ...this.connection, asOf: this.at, ...options });
  }

  async readDeploymentImages(
    options: Parameters<CockpitStore['readDeploymentImages']>[0],
  ): Promise<DeploymentImagesAnswer> {
    return this.reportInvalid(
      await readDeploymentImages({ ...options, ...this.scope(options) }),
    );
  }

  listRejections(options: {
    limit: number;
    cursor?: string;
  }): Promise<Page<Rejection>> {
    return listRejections({ knex: this.knex, ...options });
  }

  /** Every collector with its last run and the 24 hours before `now` (`GET /collectors`). */
  listCollectors(options: { now: Date }): Promise<CollectorStatusList> {
    return listCollectors({ knex: this.knex, ...options });
  }

  deleteStaleResources(
    options: StaleResourceSelector & { batchSize: number; reason: string },
  ): Promise<StaleResourcesDeleted> {
    return deleteStaleResources({ knex: this.knex, ...options });
  }

  deleteOldTimeSeries(options: {
    type: string;
    before: Date;
    batchSize: number;
  }): Promise<number> {
    return deleteOldTimeSeries({ knex: this.knex, ...options });
  }

  trimTimeSeries(options: {
    type: string;
    maxPoints: number;
    batchSize: number;
  }): Promise<number> {
    return trimTimeSeries({ knex: this.knex, ...options });
  }

  deleteOldRejections(options: {
    before: Date;
    batchSize: number;
  }): Promise<number> {
    return deleteOldRejections({ knex: this.knex, ...options });
  }

  deleteOldVersions(options: {
    type: string;
    before: Date;
    batchSize: number;
  }): Promise<number> {
    return deleteOldVersions({ knex: this.knex, ...options });
  }

  trimVersions(options: {
    type: string;
    maxVersions: number;
    batchSize: number;
  }): Promise<number> {
    return trimVersions({ knex: this.knex, ...options });
  }

  deleteOldTombstones(options: {
    before: Date;
    batchSize: number;
  }): Promise<number> {
    return deleteOldTombstones({ knex: this.knex, ...options });
  }

  /** One warning per call that met values not fitting their schema, naming the first. */
  private reportInvalid<A extends { invalid: InvalidStoredValue[] }>(
    answer: A,
  ): A {
    const [first] = answer.invalid;
    if (first && this.logger) {
      this.logger.warn(
        `${answer.invalid.length} stored reading value(s) do not fit their type and were left out; first: ` +
          `reading ${first.readingId} of resource ${first.resourceId}, type ${first.type}, ` +
          `field "${first.field}": ${first.message}`,
      );
    }
    return answer;
  }
}
