import {
  InvalidNameError,
  isWellKnownReadingType,
  names,
  parents,
  PublishMessageInput,
  READING_TYPES,
  RESOURCE_TYPES,
  ResourceRef,
  WellKnownReadingType,
} from '@cockpit/plugin-cockpit-common';
import type {
  CollectedAt,
  CollectorContext,
  ReadingInput,
  ResourceHelpers,
  ResourceInput,
  WellKnownReadingWriter,
} from './collector';
import { InvalidMessageError } from './errors';
import type { CollectorLogger } from './logger';
import type { CollectorStateStore } from './state';

function toIso(collectedAt: CollectedAt | undefined): string | undefined {
  if (collectedAt === undefined) return undefined;
  if (collectedAt instanceof Date) {
    if (Number.isNaN(collectedAt.getTime())) {
      throw new InvalidMessageError('collectedAt is an invalid Date');
    }
    return collectedAt.toISOString();
  }
  return collectedAt;
}

/**
 * Builds the wire message of a reading; a well-known type gets its documented storage mode
 * unless one is given. The message is checked when emitted (see `prepareMessage`).
 */
export function readingMessage(input: ReadingInput): PublishMessageInput {
  const message: PublishMessageInput = {
    kind: 'reading',
    type: input.type,
    resource: input.resource,
    value: input.value,
    storageMode:
      input.storageMode ??
      (isWellKnownReadingType(input.type)
        ? READING_TYPES[input.type].storageMode
        : undefined),
    collectedAt: toIso(input.collectedAt),
  };
  if (message.storageMode === undefined) delete message.storageMode;
  if (message.collectedAt === undefined) delete message.collectedAt;
  return message;
}

/** Builds the wire message of a resource. */
export function resourceMessage(input: ResourceInput): PublishMessageInput {
  const message: PublishMessageInput = {
    kind: 'resource',
    type: input.type,
    name: input.name,
  };
  if (input.parent !== undefined) message.parent = input.parent;
  return message;
}

function named<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof InvalidNameError) {
      throw new InvalidMessageError(
        `cannot name the resource: ${error.message}`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}

/** The well-known resources' helpers, each naming its resource (and parent) by the shared name builders. */
function resourceHelpers(
  declare: (input: ResourceInput) => ResourceRef,
): ResourceHelpers {
  return {
    service: args =>
      declare(
        named(() => ({
          type: RESOURCE_TYPES.Service,
          name: names.service(args),
        })),
      ),
    serviceDeployment: args =>
      declare(
        named(() => ({
          type: RESOURCE_TYPES.ServiceDeployment,
          name: names.serviceDeployment(args),
          parent: parents.serviceDeployment(args),
        })),
      ),
    serviceInstance: args =>
      declare(
        named(() => ({
          type: RESOURCE_TYPES.ServiceInstance,
          name: names.serviceInstance(args),
          parent: parents.serviceInstance(args),
        })),
      ),
    lambda: args =>
      declare(
        named(() => ({
          type: RESOURCE_TYPES.Lambda,
          name: names.lambda(args),
        })),
      ),
    lambdaDeployment: args =>
      declare(
        named(() => ({
          type: RESOURCE_TYPES.LambdaDeployment,
          name: names.lambdaDeployment(args),
          parent: parents.lambdaDeployment(args),
        })),
      ),
    rdsInstance: args =>
      declare(
        named(() => ({
          type: RESOURCE_TYPES.RdsInstance,
          name: names.rdsInstance(args),
        })),
      ),
    softwareDependency: args =>
      declare(
        named(() => ({
          type: RESOURCE_TYPES.SoftwareDependency,
          name: names.softwareDependency(args),
        })),
      ),
    softwareDependencyVersion: args =>
      declare(
        named(() => ({
          type: RESOURCE_TYPES.SoftwareDependencyVersion,
          name: names.softwareDependencyVersion(args),
          parent: parents.softwareDependencyVersion(args),
        })),
      ),
    containerImage: args =>
      declare(
        named(() => ({
          type: RESOURCE_TYPES.ContainerImage,
          name: names.containerImage(args),
        })),
      ),
  };
}

/**
 * Creates the `ctx` of one collector run. `emit` receives every validated-shape message in
 * order (the runner batches and publishes them; it validates again against the wire schema).
 */
export function createCollectorContext<TConfig>(options: {
  collectorId: string;
  config: TConfig;
  logger: CollectorLogger;
  signal: AbortSignal;
  emit: (message: PublishMessageInput) => void;
  flush: () => Promise<void>;
  state: CollectorStateStore;
  now?: () => Date;
}): CollectorContext<TConfig> {
  const emit = options.emit;
  const declare = (input: ResourceInput): ResourceRef => {
    emit(resourceMessage(input));
    return { type: input.type, name: input.name };
  };

  const resources = resourceHelpers(declare);

  const readings = Object.fromEntries(
    (Object.keys(READING_TYPES) as WellKnownReadingType[]).map(type => {
      const writer: WellKnownReadingWriter<typeof type> = (
        resource,
        value,
        opts,
      ) =>
        emit(
          readingMessage({
            type,
            resource,
            value,
            collectedAt: opts?.collectedAt,
          }),
        );
      return [type, writer];
    }),
  ) as CollectorContext<TConfig>['readings'];

  return {
    collectorId: options.collectorId,
    config: options.config,
    logger: options.logger,
    signal: options.signal,
    now: options.now ?? (() => new Date()),
    loadState: async <T>() => (await options.state.load()) as T | undefined,
    saveState: state => options.state.save(state),
    resource: declare,
    reading: input => emit(readingMessage(input)),
    emit,
    resources,
    readings,
    flush: options.flush,
  };
}
