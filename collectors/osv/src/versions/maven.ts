/*
 * Maven's version order, as `org.apache.maven.artifact.versioning.ComparableVersion` defines it
 * (https://maven.apache.org/pom.html#version-order-specification): a version is split at `.`,
 * `-` and at every switch between digits and letters; a `-` or a switch opens a nested list;
 * trailing "null" items (0, "", "final", "ga", "release") are dropped from each list; then
 * items compare as numbers numerically, qualifiers alpha < beta < milestone < rc = cr <
 * snapshot < "" (the release) < sp < any other qualifier (alphabetically), and a number follows
 * any qualifier and any list.
 */

import { compareValues } from '../compare';
import { defineOrder } from './order';

type Item = bigint | string | Item[];

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Record<string, string> = {
  ga: '',
  final: '',
  release: '',
  cr: 'rc',
};
const RELEASE_INDEX = QUALIFIERS.indexOf('');

function qualifier(value: string, followedByDigit: boolean): string {
  if (followedByDigit && value.length === 1) {
    const short: Record<string, string> = {
      a: 'alpha',
      b: 'beta',
      m: 'milestone',
    };
    if (short[value]) return short[value];
  }
  return ALIASES[value] ?? value;
}

// known qualifiers by their rank, unknown ones after all of them, alphabetically
function qualifierKey(value: string): string {
  const index = QUALIFIERS.indexOf(value);
  return index === -1 ? `${QUALIFIERS.length}-${value}` : String(index);
}

function isNull(item: Item): boolean {
  if (typeof item === 'bigint') return item === 0n;
  if (typeof item === 'string') return item === '';
  return item.length === 0;
}

function normalize(list: Item[]) {
  for (let i = list.length - 1; i >= 0; i--) {
    const last = list[i];
    if (isNull(last)) list.splice(i, 1);
    else if (!Array.isArray(last)) break;
  }
}

function parseItem(
  digits: boolean,
  text: string,
  followedByDigit = false,
): Item {
  return digits ? BigInt(text) : qualifier(text, followedByDigit);
}

/** Parses a version into ComparableVersion's nested items. */
export function parseMavenVersion(version: string): Item[] {
  const text = version.toLowerCase();
  const root: Item[] = [];
  const stack: Item[][] = [root];
  let list = root;
  let digits = false;
  let start = 0;
  const open = () => {
    const nested: Item[] = [];
    list.push(nested);
    list = nested;
    stack.push(nested);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '.' || c === '-') {
      list.push(i === start ? 0n : parseItem(digits, text.slice(start, i)));
      start = i + 1;
      if (c === '-') open();
    } else if (c >= '0' && c <= '9') {
      if (!digits && i > start) {
        list.push(parseItem(false, text.slice(start, i), true));
        start = i;
        open();
      }
      digits = true;
    } else {
      if (digits && i > start) {
        list.push(parseItem(true, text.slice(start, i)));
        start = i;
        open();
      }
      digits = false;
    }
  }
  if (text.length > start) list.push(parseItem(digits, text.slice(start)));
  while (stack.length) normalize(stack.pop()!);
  return root;
}

function compareItems(left: Item | undefined, right: Item | undefined): number {
  if (left === undefined)
    return right === undefined ? 0 : -compareItems(right, undefined);
  if (typeof left === 'bigint') {
    if (right === undefined) return left === 0n ? 0 : 1;
    if (typeof right === 'bigint') return compareValues(left, right);
    return 1;
  }
  if (typeof left === 'string') {
    if (right === undefined) {
      return compareValues(qualifierKey(left), String(RELEASE_INDEX));
    }
    if (typeof right === 'bigint' || Array.isArray(right)) return -1;
    return compareValues(qualifierKey(left), qualifierKey(right));
  }
  if (right === undefined)
    return left.length === 0 ? 0 : compareItems(left[0], undefined);
  if (typeof right === 'bigint') return -1;
  if (typeof right === 'string') return 1;
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const result = compareItems(left[i], right[i]);
    if (result !== 0) return result;
  }
  return 0;
}

/**
 * Compares two Maven versions as `ComparableVersion.compareTo` does.
 *
 * @example
 * compareMavenVersions('2.9.10.8', '2.12.6.1') < 0
 * compareMavenVersions('1.0-rc1', '1.0') < 0
 */
export function compareMavenVersions(a: string, b: string): number {
  return compareItems(parseMavenVersion(a), parseMavenVersion(b));
}

/** Compares two already parsed Maven versions (see `parseMavenVersion`). */
export function compareParsedMavenVersions(a: Item[], b: Item[]): number {
  return compareItems(a, b);
}

export type { Item as MavenVersionItem };

/** Maven's `ComparableVersion` order (above). */
export const mavenOrder = defineOrder<Item[]>({
  name: 'Maven',
  key: parseMavenVersion,
  compareKeys: compareParsedMavenVersions,
});
