import { OsvCollectorError } from '../errors';

/** Compares two versions: negative when a < b, 0 when equal, positive when a > b. */
export type VersionComparator = (a: string, b: string) => number;

/** Thrown when a version does not parse in the order it is compared by; names the version and the order. */
export class UnparsableVersionError extends OsvCollectorError {
  constructor(version: string, order: string) {
    super(`"${version}" is not a ${order} version`);
    this.name = 'UnparsableVersionError';
  }
}

/**
 * A version order: `key` parses a version once into something `compareKeys` orders (or
 * throws `UnparsableVersionError`), so that a matcher can cache the parsed form.
 */
export interface VersionOrder<K = unknown> {
  /** The name of the order, e.g. `PyPI (PEP 440)`. */
  name: string;
  key(version: string): K;
  compareKeys(a: K, b: K): number;
}

/** Declares an order, typing its key once for both of its functions. */
export function defineOrder<K>(order: VersionOrder<K>): VersionOrder<K> {
  return order;
}

/**
 * A comparator over an order that parses each distinct version once.
 * @throws UnparsableVersionError when either version does not parse
 */
export function cachedComparator(order: VersionOrder): VersionComparator {
  const keys = new Map<string, unknown>();
  const keyOf = (version: string) => {
    let key = keys.get(version);
    if (key === undefined) {
      key = order.key(version);
      keys.set(version, key);
    }
    return key;
  };
  return (a, b) => order.compareKeys(keyOf(a), keyOf(b));
}
