import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type {
  CollectorStatusList,
  Page,
  Reading,
  Rejection,
  Resource,
  ResourceRef,
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
import {
  deleteStaleResources,
  StaleResourceSelector,
  StaleResourcesDeleted,
} from './operations/deleteStaleResources';
import { getResource } from './operations/getResource';
import { getResources } from './operations/getResources';
import { getSubtree } from './operations/getSubtree';
import { listChildren } from './operations/listChildren';
import { listCollectors } from './operations/listCollectors';
import { listReadings } from './operations/listReadings';
import { listRejections } from './operations/listRejections';
import { listResources } from './operations/listResources';
import { readCurrent } from './operations/readCurrent';
import { readDependencyLinks } from './operations/readDependencyLinks';
import { readDeploymentImages } from './operations/readDeploymentImages';
import { readTimeSeries } from './operations/readTimeSeries';
import { trimTimeSeries } from './operations/trimTimeSeries';

/** The writes of scheduled housekeeping: each deletes in batches of `batchSize` rows. */
export interface HousekeepingStore {
  deleteStaleResources(
    options: StaleResourceSelector & { batchSize: number },
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
}

/**
 * The one implementation of {@link CockpitStore} (and of the housekeeping writes) over knex:
 * each method is one operation of `./operations`, with its own test on both engines. The
 * database is migrated by whoever opens it (`openCockpitDatabase`), shared with the sink.
 */
export class KnexCockpitStore implements CockpitStore, HousekeepingStore {
  private constructor(
    private readonly knex: Knex,
    private readonly logger?: LoggerService,
  ) {}

  /** A store over an open, migrated Cockpit database; stored values that do not fit are logged to `logger`. */
  static create(options: {
    knex: Knex;
    logger?: LoggerService;
  }): KnexCockpitStore {
    return new KnexCockpitStore(options.knex, options.logger);
  }

  /** The knex of the escape hatch (`CalculationContext.unsafeKnex`); nothing else hands it out. */
  unsafeKnex(): Knex {
    return this.knex;
  }

  getResource(
    options: { id: string } | ResourceRef,
  ): Promise<Resource | undefined> {
    return getResource({ knex: this.knex, ...options });
  }

  getResources(options: { ids: readonly string[] }): Promise<Resource[]> {
    return getResources({ knex: this.knex, ...options });
  }

  listResources(
    options: Parameters<CockpitStore['listResources']>[0],
  ): Promise<Page<Resource>> {
    return listResources({ knex: this.knex, ...options });
  }

  listChildren(options: {
    parentIds: readonly string[];
    type?: string;
  }): Promise<Resource[]> {
    return listChildren({ knex: this.knex, ...options });
  }

  getSubtree(options: { rootId: string }): Promise<Resource[]> {
    return getSubtree({ knex: this.knex, ...options });
  }

  async readCurrent<T extends string>(
    options: Parameters<CockpitStore['readCurrent']>[0] & {
      types: readonly T[];
    },
  ): Promise<ReadingsAnswer<T>> {
    return this.reportInvalid(
      await readCurrent<T>({ knex: this.knex, ...options }),
    );
  }

  async readTimeSeries<T extends string>(
    options: Parameters<CockpitStore['readTimeSeries']>[0] & { type: T },
  ): Promise<ReadingsAnswer<T>> {
    return this.reportInvalid(
      await readTimeSeries<T>({ knex: this.knex, ...options }),
    );
  }

  countTimeSeries(
    options: Parameters<CockpitStore['countTimeSeries']>[0],
  ): Promise<TimeSeriesCount[]> {
    return countTimeSeries({ knex: this.knex, ...options });
  }

  listReadings(
    options: Parameters<CockpitStore['listReadings']>[0],
  ): Promise<Page<Reading>> {
    return listReadings({ knex: this.knex, ...options });
  }

  readDependencyLinks(
    options:
      | { deploymentIds: readonly string[] }
      | { versionNames: readonly string[] },
  ): Promise<DependencyLink[]> {
    return readDependencyLinks({ knex: this.knex, ...options });
  }

  async readDeploymentImages(
    options: Parameters<CockpitStore['readDeploymentImages']>[0],
  ): Promise<DeploymentImagesAnswer> {
    return this.reportInvalid(
      await readDeploymentImages({ knex: this.knex, ...options }),
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
    options: StaleResourceSelector & { batchSize: number },
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
