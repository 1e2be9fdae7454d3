import {
  MAX_BATCH_BYTES,
  PublishBatchSchema,
  PublishMessage,
  ReadingMessage,
  ResourceMessage,
  ResourceRef,
  describeZodError,
  utf8ByteLength,
} from '@cockpit/plugin-cockpit-common';
import type { PreparedBatch } from './batching';
import type { Collector } from './collector';
import { silentLogger } from './logger';
import type { Publisher } from './publishers/types';
import { CollectorRunSummary, runCollector } from './runner';
import { CollectorStateStore, createMemoryStateStore } from './state';

/** Thrown by the test kit's `expect...` helpers; the message lists what was published instead. */
export class CollectorAssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CollectorAssertionError';
  }
}

/** A publisher that keeps every batch in memory, checked against the wire schema on arrival. */
export interface TestPublisher extends Publisher {
  /** Every batch body parsed back, in publish order. */
  readonly batches: PreparedBatch[];
  /** Every message of every batch, in order. */
  readonly messages: PublishMessage[];
  /** The resource messages, optionally of one type. */
  resources(type?: string): ResourceMessage[];
  /** The reading messages, optionally of one type and resource. */
  readings(filter?: {
    type?: string;
    resource?: ResourceRef | string;
  }): ReadingMessage[];
  /** The last reading of a type on a resource (by reference or name), or undefined. */
  reading(
    type: string,
    resource: ResourceRef | string,
  ): ReadingMessage | undefined;
  /** Asserts a resource was published (and with this parent, when given). Returns it. */
  expectResource(expected: {
    type: string;
    name: string;
    parent?: ResourceRef | null;
  }): ResourceMessage;
  /** Asserts a reading was published; `value` is matched as a subset (deep). Returns it. */
  expectReading(expected: {
    type: string;
    resource: ResourceRef | string;
    value?: unknown;
    storageMode?: 'SNAPSHOT' | 'TIME_SERIES';
  }): ReadingMessage;
  /** Forgets what was captured. */
  clear(): void;
}

function isSubset(expected: unknown, actual: unknown): boolean {
  if (expected === actual) return true;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      expected.length === actual.length &&
      expected.every((item, i) => isSubset(item, actual[i]))
    );
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object') return false;
    return Object.entries(expected).every(([key, value]) =>
      isSubset(value, (actual as Record<string, unknown>)[key]),
    );
  }
  return false;
}

function matchesResource(
  ref: ResourceRef,
  target: ResourceRef | string,
): boolean {
  return typeof target === 'string'
    ? ref.name === target
    : ref.type === target.type && ref.name === target.name;
}

/**
 * A publisher for tests: captures what a collector publishes, validates each batch against
 * the wire schema and the size limit (throwing like a real sink would refuse), and offers
 * helpers to assert resources and readings.
 *
 * @example
 * const publisher = createTestPublisher();
 * await runCollector({ collector: myCollector, publisher });
 * publisher.expectReading({ type: 'health', resource: 'payment-service/prod/i-1', value: { status: 'UP' } });
 */
export function createTestPublisher(
  options: { maxBatchBytes?: number } = {},
): TestPublisher {
  const maxBatchBytes = options.maxBatchBytes ?? MAX_BATCH_BYTES;
  const batches: PreparedBatch[] = [];
  const messages: PublishMessage[] = [];

  const publisher: TestPublisher = {
    description: 'test',
    batches,
    messages,
    maxBatchBytes: () => maxBatchBytes,
    async publish(batch) {
      const bytes = utf8ByteLength(batch.body);
      if (bytes !== batch.bytes) {
        throw new CollectorAssertionError(
          `batch claims ${batch.bytes} bytes but its body has ${bytes}`,
        );
      }
      if (bytes > maxBatchBytes) {
        throw new CollectorAssertionError(
          `batch of ${bytes} bytes exceeds the limit of ${maxBatchBytes}`,
        );
      }
      const parsed = PublishBatchSchema.safeParse(JSON.parse(batch.body));
      if (!parsed.success) {
        throw new CollectorAssertionError(
          `published batch breaks the wire schema: ${describeZodError(
            parsed.error,
          )}`,
        );
      }
      batches.push(batch);
      messages.push(...parsed.data.messages);
    },
    async flush() {},
    resources(type) {
      return messages.filter(
        (m): m is ResourceMessage =>
          m.kind === 'resource' && (!type || m.type === type),
      );
    },
    readings(filter = {}) {
      return messages.filter(
        (m): m is ReadingMessage =>
          m.kind === 'reading' &&
          (!filter.type || m.type === filter.type) &&
          (!filter.resource || matchesResource(m.resource, filter.resource)),
      );
    },
    reading(type, resource) {
      const found = publisher.readings({ type, resource });
      return found[found.length - 1];
    },
    expectResource(expected) {
      const candidates = publisher.resources(expected.type);
      const found = candidates.find(
        m =>
          m.name === expected.name &&
          (expected.parent === undefined ||
            isSubset(expected.parent, m.parent ?? null)),
      );
      if (!found) {
        throw new CollectorAssertionError(
          `expected resource ${expected.type} "${expected.name}"${
            expected.parent !== undefined
              ? ` with parent ${JSON.stringify(expected.parent)}`
              : ''
          }; published ${expected.type} resources: ${
            candidates
              .slice(0, 20)
              .map(
                m => `"${m.name}" (parent ${JSON.stringify(m.parent ?? null)})`,
              )
              .join(', ') || 'none'
          }`,
        );
      }
      return found;
    },
    expectReading(expected) {
      const candidates = publisher.readings({
        type: expected.type,
        resource: expected.resource,
      });
      const found = candidates.find(
        m =>
          (expected.value === undefined || isSubset(expected.value, m.value)) &&
          (expected.storageMode === undefined ||
            m.storageMode === expected.storageMode),
      );
      if (!found) {
        const target =
          typeof expected.resource === 'string'
            ? expected.resource
            : `${expected.resource.type} "${expected.resource.name}"`;
        throw new CollectorAssertionError(
          `expected reading "${expected.type}" of ${target}${
            expected.value !== undefined
              ? ` matching ${JSON.stringify(expected.value)}`
              : ''
          }; published: ${
            candidates
              .slice(0, 5)
              .map(m => JSON.stringify(m.value))
              .join(', ') || 'none'
          }`,
        );
      }
      return found;
    },
    clear() {
      batches.length = 0;
      messages.length = 0;
    },
  };
  return publisher;
}

/**
 * Runs a collector against a fresh test publisher with a silent logger. `now` fixes the run's
 * clock (`ctx.now()`): a `Date` for a clock that stands still, or a function for one that moves.
 *
 * @example
 * const { publisher } = await runCollectorForTest({
 *   collector,
 *   config: { file: fixture },
 *   now: new Date('2026-11-22T10:00:00Z'),
 * });
 */
export async function runCollectorForTest<TConfig>(options: {
  collector: Collector<TConfig>;
  config?: unknown;
  state?: CollectorStateStore;
  now?: Date | (() => Date);
  publisher?: TestPublisher;
}): Promise<{
  publisher: TestPublisher;
  summary: CollectorRunSummary;
  state: CollectorStateStore;
}> {
  const publisher = options.publisher ?? createTestPublisher();
  const state = options.state ?? createMemoryStateStore();
  const summary = await runCollector({
    collector: options.collector,
    publisher,
    config: options.config,
    logger: silentLogger,
    state,
    now: fixedClock(options.now),
  });
  return { publisher, summary, state };
}

/** A clock from a `Date` (each call returns a copy, so a collector cannot move it) or a function. */
function fixedClock(
  now: Date | (() => Date) | undefined,
): (() => Date) | undefined {
  if (now === undefined || typeof now === 'function') return now;
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new TypeError(
      `runCollectorForTest: now must be a valid Date or a function returning one, got ${String(
        now,
      )}`,
    );
  }
  const time = now.getTime();
  return () => new Date(time);
}
