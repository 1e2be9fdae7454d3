import type {
  PublishMessage,
  ReadingMessage,
  ResourceMessage,
  ResourceRef,
} from '@cockpit/plugin-cockpit-common';
import { isSubset } from './isSubset';

/** Thrown by the test kit's `expect...` helpers; the message lists what was published instead. */
export class CollectorAssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CollectorAssertionError';
  }
}

function matchesResource(
  ref: ResourceRef,
  target: ResourceRef | string,
): boolean {
  return typeof target === 'string'
    ? ref.name === target
    : ref.type === target.type && ref.name === target.name;
}

/** The resource messages, optionally of one type. */
export function resourcesIn(
  messages: PublishMessage[],
  type?: string,
): ResourceMessage[] {
  return messages.filter(
    (m): m is ResourceMessage =>
      m.kind === 'resource' && (!type || m.type === type),
  );
}

/** The reading messages, optionally of one type and resource. */
export function readingsIn(
  messages: PublishMessage[],
  filter: { type?: string; resource?: ResourceRef | string } = {},
): ReadingMessage[] {
  return messages.filter(
    (m): m is ReadingMessage =>
      m.kind === 'reading' &&
      (!filter.type || m.type === filter.type) &&
      (!filter.resource || matchesResource(m.resource, filter.resource)),
  );
}

/** The resource published of the type and name (and parent, when given), or an error listing those that were. */
export function expectResourceIn(
  messages: PublishMessage[],
  expected: { type: string; name: string; parent?: ResourceRef | null },
): ResourceMessage {
  const candidates = resourcesIn(messages, expected.type);
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
          .map(m => `"${m.name}" (parent ${JSON.stringify(m.parent ?? null)})`)
          .join(', ') || 'none'
      }`,
    );
  }
  return found;
}

/** The reading published that matches (`value` as a deep subset), or an error listing those that were. */
export function expectReadingIn(
  messages: PublishMessage[],
  expected: {
    type: string;
    resource: ResourceRef | string;
    value?: unknown;
    storageMode?: 'SNAPSHOT' | 'TIME_SERIES';
  },
): ReadingMessage {
  const candidates = readingsIn(messages, {
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
}
