import type { JsonValue } from '@backstage/types';
import type {
  Change,
  Page,
  Reading,
  ReadingVersion,
  ReadingValue,
  Rejection,
  Resource,
  ResourceRef,
  StorageMode,
  WellKnownReadingType,
} from '@cockpit/plugin-cockpit-common';

/**
 * The value of a reading of type `T` as the store gives it back: decoded by cockpit-common's
 * `readingValueSchemas` for a well-known type, plain JSON for any other type.
 */
export type StoredValue<T extends string> = T extends WellKnownReadingType
  ? ReadingValue<T>
  : JsonValue;

/**
 * One stored reading with its decoded value. A union over `T`, so checking `type` narrows
 * `value`: `if (reading.type === 'health') reading.value.status`.
 */
export type StoredReading<T extends string = string> = T extends string
  ? {
      id: string;
      type: T;
      resourceId: string;
      value: StoredValue<T>;
      storageMode: StorageMode;
      /** When the collector measured it. */
      collectedAt: Date;
    }
  : never;

/**
 * A stored value that does not fit its well-known type's schema. The store leaves such a
 * reading out of the answer and reports it here (and in its log) instead of passing it on.
 */
export interface InvalidStoredValue {
  readingId: string;
  resourceId: string;
  type: string;
  /** Dotted path of the first offending field, e.g. `items.0.severity`; empty for the value itself. */
  field: string;
  message: string;
}

/** Readings whose values fit their types, and those that did not. */
export interface ReadingsAnswer<T extends string> {
  readings: StoredReading<T>[];
  invalid: InvalidStoredValue[];
}

/** One "has a" link of a `deployment-dependencies` reading: a deployment carries a version. */
export interface DependencyLink {
  deploymentId: string;
  /** The ServiceDeployment's name, `<service>/<environment>`. */
  deploymentName: string;
  /** The SoftwareDependencyVersion's name, a package URL with version. */
  versionName: string;
}

/**
 * One container image a deployment runs (an element of its current `deployment-images`),
 * with the image's current `image-vulnerabilities` when a scanner reported one.
 */
export interface DeploymentImage {
  deploymentId: string;
  /** The deployment's resource type: `ServiceDeployment` or `LambdaDeployment`. */
  deploymentType: string;
  /** The deployment's name, e.g. `<service>/<environment>`. */
  deploymentName: string;
  /** The `ContainerImage` name. */
  image: string;
  /** The ContainerImage's resource id; null when no such resource exists (yet). */
  imageId: string | null;
  /**
   * The image's current `image-vulnerabilities`, decoded; null when the image has none, or
   * when it does not fit the schema (then it is in `invalid`). Deployments running the same
   * image share one value object.
   */
  scan: ReadingValue<'image-vulnerabilities'> | null;
}

/** Deployments' images with their scans, and the scans that did not fit the schema. */
export interface DeploymentImagesAnswer {
  images: DeploymentImage[];
  invalid: InvalidStoredValue[];
}

/** How many points of a time series fall on each value of one of their fields. */
export interface TimeSeriesCount {
  /** The field's text, or null when a point has no such text field. */
  key: string | null;
  count: number;
}

/**
 * The moment a read answers for (contract section 7.4): the store as it would have answered
 * then, from the versions of SNAPSHOT readings. A resource existed at `asOf` when it was
 * created by then or has a version that began by then; resources housekeeping deleted are not
 * brought back. Omitted: now.
 */
export interface AsOfOption {
  asOf?: Date;
}

/**
 * Everything a calculation, route or module reads from the Cockpit store goes through this
 * interface: nobody else writes SQL against the tables, so a table can change, and "as of"
 * reads can be added, in one place.
 *
 * Every reader takes one options object with an optional `asOf` (history, contract section 7),
 * and {@link CockpitStore.asOf} gives a store whose every reader answers as of one moment: a
 * calculation run on it answers as of that moment without code of its own. Every reader is
 * set-based: it runs a constant number of queries whatever the number of resources it is
 * given or finds.
 *
 * @example
 * const { readings } = await store.readCurrent({ resourceIds: [serviceId], types: ['ownership'] });
 * const team = readings[0]?.value.team;
 */
export interface CockpitStore {
  /** One resource by id, or by type and name; undefined when there is none. */
  getResource(
    options: ({ id: string } | ResourceRef) & AsOfOption,
  ): Promise<Resource | undefined>;

  /** The resources with these ids that exist (in no particular order). */
  getResources(
    options: { ids: readonly string[] } & AsOfOption,
  ): Promise<Resource[]>;

  /**
   * A page of resources ordered by (type, name), filtered by type, exact name, name substring
   * (case-insensitive) or parent. `cursor` is the `nextCursor` of the previous page.
   */
  listResources(
    options: {
      type?: string;
      name?: string;
      nameContains?: string;
      parentId?: string;
      limit: number;
      cursor?: string;
    } & AsOfOption,
  ): Promise<Page<Resource>>;

  /** The direct children of any of these resources, optionally of one type, ordered by type and name. */
  listChildren(
    options: { parentIds: readonly string[]; type?: string } & AsOfOption,
  ): Promise<Resource[]>;

  /** A resource and all its descendants (children, their children, ...); empty when the root does not exist. */
  getSubtree(options: { rootId: string } & AsOfOption): Promise<Resource[]>;

  /**
   * The current readings of these types: the SNAPSHOT of each (resource, type), for the given
   * resources, for a resource and all its descendants (`subtreeOf`, in the same query, so it
   * can run beside {@link CockpitStore.getSubtree}), or for every resource of one type. Values
   * are decoded (see {@link StoredValue}).
   */
  readCurrent<T extends string>(
    options: {
      types: readonly T[];
      /**
       * Only readings whose value has a non-empty `items` array (`vulnerabilities`,
       * `image-vulnerabilities`): the partial index `readings_with_items_idx` holds just
       * those, so "every vulnerable version" does not read the fleet's empty answers.
       */
      withItems?: boolean;
    } & AsOfOption &
      (
        | { resourceIds: readonly string[] }
        | { resourceType: string }
        | { subtreeOf: string }
      ),
  ): Promise<ReadingsAnswer<T>>;

  /**
   * Points of one TIME_SERIES type of these resources in [from, to), newest first, at most
   * `limit` of them. Values are decoded (see {@link StoredValue}). As of a moment: the points
   * collected by then.
   */
  readTimeSeries<T extends string>(
    options: {
      resourceIds: readonly string[];
      type: T;
      from: Date;
      to: Date;
      limit: number;
    } & AsOfOption,
  ): Promise<ReadingsAnswer<T>>;

  /** Counts the points of one TIME_SERIES type of these resources in [from, to) by a top-level text field of their values. */
  countTimeSeries(
    options: {
      resourceIds: readonly string[];
      type: string;
      from: Date;
      to: Date;
      byField: string;
    } & AsOfOption,
  ): Promise<TimeSeriesCount[]>;

  /**
   * A page of one resource's readings of any storage mode, newest first, optionally of one
   * type and in [from, to). Values are raw JSON: this is the listing of everything stored. As
   * of a moment: the SNAPSHOT versions in force then and the TIME_SERIES points collected by then.
   */
  listReadings(
    options: {
      resourceId: string;
      type?: string;
      from?: Date;
      to?: Date;
      limit: number;
      cursor?: string;
    } & AsOfOption,
  ): Promise<Page<Reading>>;

  /**
   * The "has a" links of the current `deployment-dependencies` readings: of the given
   * deployments, or to any of the given version names (served by the GIN index on the
   * readings' values). Each string in a reading's `dependencies` is one link.
   */
  readDependencyLinks(
    options: AsOfOption &
      (
        | { deploymentIds: readonly string[] }
        | { versionNames: readonly string[] }
      ),
  ): Promise<DependencyLink[]>;

  /**
   * The container images deployments run, each with its current `image-vulnerabilities`:
   * follows `deployment-images` -> ContainerImage -> `image-vulnerabilities` in one query.
   * - `deploymentIds`: every image of these deployments, scanned or not;
   * - `vulnerable: true`: over all deployments, only images whose scan found something
   *   (the fleet page; served by `readings_with_items_idx`);
   * - `packages`: only images whose scan names one of these packages by package URL
   *   (without version, qualifiers and subpath; "who uses"), found through GIN indexes over
   *   the scans' packages and the deployments' images. Each scan comes back with only its
   *   findings whose package URL names one of the packages.
   */
  readDeploymentImages(
    options: AsOfOption &
      (
        | { deploymentIds: readonly string[] }
        | { vulnerable: true }
        | { packages: readonly string[] }
      ),
  ): Promise<DeploymentImagesAnswer>;

  /**
   * The versions of one SNAPSHOT reading, newest first: those in force at some time in
   * [from, to) when given. `cursor` is the `nextCursor` of the previous page.
   */
  readingHistory(options: {
    resourceId: string;
    type: string;
    from?: Date;
    to?: Date;
    limit: number;
    cursor?: string;
  }): Promise<Page<ReadingVersion>>;

  /**
   * What changed in [since, until) (until: now), newest first: each version that began then
   * (with the value before it) and each resource housekeeping deleted then. Fleet-wide, for a
   * service's subtree (`serviceId`, deleted resources included) or for some resources
   * (`resourceIds`); filtered by resource type and reading type (a reading type leaves the
   * deletions out).
   */
  listChanges(options: {
    since: Date;
    until?: Date;
    serviceId?: string;
    resourceIds?: readonly string[];
    resourceType?: string;
    readingType?: string;
    limit: number;
    cursor?: string;
  }): Promise<Page<Change>>;

  /**
   * A store whose every reader answers as of `at` (an `asOf` given to one of its readers wins):
   * what a calculation runs on for `?asOf=`. Its change feed and time series end at `at`.
   */
  asOf(at: Date): CockpitStore;

  /** The moment this store answers for: its `asOf`, or the current time. Default time windows start from it. */
  now(): Date;

  /** A page of quarantined input, newest first. */
  listRejections(options: {
    limit: number;
    cursor?: string;
  }): Promise<Page<Rejection>>;
}
