import type { z } from 'zod';
import type {
  PublishMessageInput,
  ReadingValue,
  ResourceRef,
  WellKnownReadingType,
} from '@cockpit/plugin-cockpit-common';
import type { CollectorLogger } from './logger';

/** When a reading was measured: a Date or an ISO 8601 string with offset. */
export type CollectedAt = Date | string;

/** A reading as a collector writes it through `ctx.reading(...)`. */
export interface ReadingInput {
  type: string;
  resource: ResourceRef;
  value: unknown;
  /** `SNAPSHOT` unless given; the well-known types use their documented mode. */
  storageMode?: 'SNAPSHOT' | 'TIME_SERIES';
  collectedAt?: CollectedAt;
}

/** A resource as a collector declares it through `ctx.resource(...)`. */
export interface ResourceInput {
  type: string;
  name: string;
  parent?: ResourceRef | null;
}

/** Typed writer of one well-known reading type. */
export type WellKnownReadingWriter<T extends WellKnownReadingType> = (
  resource: ResourceRef,
  value: ReadingValue<T>,
  options?: { collectedAt?: CollectedAt },
) => void;

/**
 * Declares the well-known resources by their name parts: each helper emits the resource
 * message (with its parent, named by the common package's helpers) and returns its reference.
 */
export interface ResourceHelpers {
  service(args: { service: string }): ResourceRef;
  serviceDeployment(args: {
    service: string;
    environment: string;
  }): ResourceRef;
  serviceInstance(args: {
    service: string;
    environment: string;
    instanceId: string;
  }): ResourceRef;
  lambda(args: { functionName: string }): ResourceRef;
  lambdaDeployment(args: {
    functionName: string;
    environment: string;
  }): ResourceRef;
  rdsInstance(args: {
    environment: string;
    dbInstanceIdentifier: string;
  }): ResourceRef;
  /** `SoftwareDependency` from a package URL (a version in it is dropped). */
  softwareDependency(args: { purl: string }): ResourceRef;
  /** `SoftwareDependencyVersion` (and its `SoftwareDependency` parent) from a package URL with version. */
  softwareDependencyVersion(args: { purl: string }): ResourceRef;
  /** `ContainerImage` from an image reference (`nginx:1.27`, `registry/repo@sha256:...`), normalised. */
  containerImage(args: { image: string }): ResourceRef;
}

/** What a collector's `collect` receives. */
export interface CollectorContext<TConfig = Record<string, unknown>> {
  /** The collector's id (also the `collector` of every batch). */
  readonly collectorId: string;
  /** The configuration, parsed by the collector's `configSchema` when it has one. */
  readonly config: TConfig;
  readonly logger: CollectorLogger;
  /** Aborted when the run is cancelled (Lambda timeout, Ctrl-C): stop early. */
  readonly signal: AbortSignal;
  /** Clock of the run (fixed in tests). */
  now(): Date;
  /** State kept between runs (see the health collector). */
  loadState<T>(): Promise<T | undefined>;
  saveState(state: unknown): Promise<void>;
  /** Declares a resource; returns its reference for readings. Validated at once. */
  resource(input: ResourceInput): ResourceRef;
  /** Emits a reading. Validated at once (well-known types also against their value schema). */
  reading(input: ReadingInput): void;
  /** Emits a raw wire message (validated like the others). */
  emit(message: PublishMessageInput): void;
  /** Well-known resources by their name parts. */
  readonly resources: ResourceHelpers;
  /** Typed writers of the well-known reading types, e.g. `ctx.readings.health(instance, { status: 'UP' })`. */
  readonly readings: { [T in WellKnownReadingType]: WellKnownReadingWriter<T> };
  /**
   * Waits until every message emitted so far has been published. Call it now and then in
   * collectors that emit a lot (every few thousand messages) so memory stays flat.
   */
  flush(): Promise<void>;
}

/**
 * A collector: a typed object with an id, a schedule and a `collect` function.
 *
 * `schedule` is an EventBridge schedule expression (`rate(15 minutes)`, `cron(0 3 * * ? *)`).
 */
export interface Collector<TConfig = Record<string, unknown>> {
  id: string;
  description: string;
  schedule: string;
  /** Parses and defaults the configuration; the raw object is passed through when absent. */
  configSchema?: z.ZodType<TConfig>;
  collect(ctx: CollectorContext<TConfig>): Promise<void>;
}

/**
 * What a collector id may be: lower-case letters, digits and dashes, starting with a letter or
 * digit, at most 200 characters (the `collector` of a publish batch).
 */
export const COLLECTOR_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,199}$/;

/**
 * Defines a collector. Checks the id (lower-case letters, digits and dashes) at definition time.
 *
 * @example
 * export const myCollector = defineCollector({
 *   id: 'my-collector',
 *   description: 'Owner of every service from the team registry',
 *   schedule: 'rate(1 hour)',
 *   async collect(ctx) {
 *     const service = ctx.resources.service({ service: 'payment-service' });
 *     ctx.readings.ownership(service, { team: 'team-payments' });
 *   },
 * });
 */
export function defineCollector<TConfig = Record<string, unknown>>(
  collector: Collector<TConfig>,
): Collector<TConfig> {
  if (!COLLECTOR_ID_PATTERN.test(collector.id)) {
    throw new TypeError(
      `collector id "${collector.id}" must be lower-case letters, digits and dashes`,
    );
  }
  if (!collector.schedule?.trim()) {
    throw new TypeError(`collector "${collector.id}" needs a schedule`);
  }
  return collector;
}
