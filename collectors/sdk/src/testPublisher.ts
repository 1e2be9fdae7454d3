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
import type { Publisher } from './publishers/types';
import {
  CollectorAssertionError,
  expectReadingIn,
  expectResourceIn,
  readingsIn,
  resourcesIn,
} from './testAssertions';

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

/** The messages of a batch, checked as a sink would: its stated size, the size limit, the wire schema. */
function checkedMessages(
  batch: PreparedBatch,
  maxBatchBytes: number,
): PublishMessage[] {
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
  return parsed.data.messages;
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
      const published = checkedMessages(batch, maxBatchBytes);
      batches.push(batch);
      messages.push(...published);
    },
    async flush() {},
    resources: type => resourcesIn(messages, type),
    readings: filter => readingsIn(messages, filter),
    reading(type, resource) {
      const found = publisher.readings({ type, resource });
      return found[found.length - 1];
    },
    expectResource: expected => expectResourceIn(messages, expected),
    expectReading: expected => expectReadingIn(messages, expected),
    clear() {
      batches.length = 0;
      messages.length = 0;
    },
  };
  return publisher;
}
