import * as pep440 from '@renovatebot/pep440';
import { Version as RubyVersion } from '@renovatebot/ruby-semver/dist/ruby/version';
import semver from 'semver';
import {
  compareParsedMavenVersions,
  MavenVersionItem,
  parseMavenVersion,
} from './maven';
import { OsvCollectorError } from './errors';

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

function defineOrder<K>(order: VersionOrder<K>): VersionOrder<K> {
  return order;
}

// numbers and dot-separated identifiers of a SemVer-like version; missing minor/patch count as 0
const SEMVER_LIKE =
  /^[vV]?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]*)?$/;

/**
 * SemVer 2.0 (npm, crates.io, Hex, Pub, and every range of type `SEMVER`). Build metadata is
 * ignored, a `v` prefix is allowed, and a missing minor or patch counts as 0 (`1.2` = `1.2.0`),
 * as OSV's own tooling reads such versions.
 */
export const semverOrder = defineOrder<semver.SemVer>({
  name: 'SemVer',
  key(version) {
    const match = SEMVER_LIKE.exec(version.trim());
    const parsed =
      match &&
      semver.parse(
        `${Number(match[1])}.${Number(match[2] ?? 0)}.${Number(match[3] ?? 0)}${
          match[4] ? `-${match[4]}` : ''
        }`,
      );
    if (!parsed) throw new UnparsableVersionError(version, 'SemVer');
    return parsed;
  },
  compareKeys: (a, b) => a.compare(b),
});

/**
 * Go module versions: SemVer with the `v` prefix (`v1.9.0`, pseudo-versions such as
 * `v0.0.0-20230101120000-abcdef123456`, `+incompatible` ignored as build metadata). OSV's Go
 * advisories write the versions without the `v`; both spellings are read.
 */
export const goOrder = defineOrder<semver.SemVer>({
  name: 'Go',
  key(version) {
    const parsed = semver.parse(version.trim().replace(/^v/, ''));
    if (!parsed) throw new UnparsableVersionError(version, 'Go module');
    return parsed;
  },
  compareKeys: (a, b) => a.compare(b),
});

type Pep440Part = number | string | Pep440Part[];

// Python's tuple order, with -Infinity and Infinity as the sentinels packaging's sort key uses
function comparePep440Parts(left: Pep440Part, right: Pep440Part): number {
  if (left === right) return 0;
  if (Array.isArray(left) || Array.isArray(right)) {
    const a = Array.isArray(left) ? left : [left];
    const b = Array.isArray(right) ? right : [right];
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const result = comparePep440Parts(a[i], b[i]);
      if (result !== 0) return result;
    }
    return a.length - b.length;
  }
  if (left === -Infinity || right === Infinity) return -1;
  if (left === Infinity || right === -Infinity) return 1;
  return left < right ? -1 : 1;
}

/**
 * PEP 440 (PyPI): epochs, pre-, post- and dev-releases, local versions. `@renovatebot/pep440`
 * parses; the parsed version becomes packaging's sort key (trailing zeros dropped, a dev-only
 * release before its pre-releases, a release after them, no post before a post, no dev after a
 * dev, no local before a local) once, so that each version is parsed once however often compared.
 */
export const pep440Order = defineOrder<Pep440Part[]>({
  name: 'PyPI (PEP 440)',
  key(version) {
    const parsed = pep440.parse(version);
    if (!parsed) throw new UnparsableVersionError(version, 'PEP 440');
    const release = [...parsed.release];
    while (release.length && release[release.length - 1] === 0) release.pop();
    const { pre, post, dev, local } = parsed as {
      pre?: Pep440Part[];
      post?: Pep440Part[];
      dev?: Pep440Part[];
      local: unknown;
    };
    // parsed as a list; a local label given as text is split as PEP 440 separates it
    let localParts: string[] | undefined;
    if (Array.isArray(local)) localParts = local.map(String);
    else if (typeof local === 'string') localParts = local.split(/[._-]/);
    return [
      parsed.epoch,
      release,
      pre ?? (!post && dev ? -Infinity : Infinity),
      post ?? -Infinity,
      dev ?? Infinity,
      localParts
        ? localParts.map(part =>
            /^\d+$/.test(part) ? [Number(part), ''] : [-Infinity, part],
          )
        : -Infinity,
    ];
  },
  compareKeys: comparePep440Parts,
});

type RubySegment = number | string;

/**
 * RubyGems' `Gem::Version` order: `@renovatebot/ruby-semver` parses a version into its canonical
 * segments once; they compare as `Gem::Version#<=>` does (a missing segment counts as 0, a
 * letter segment, which makes a pre-release, before a number).
 */
export const rubyGemsOrder = defineOrder<RubySegment[]>({
  name: 'RubyGems',
  key(version) {
    const parsed = RubyVersion.isCorrect(version)
      ? RubyVersion.create(version)
      : null;
    if (!parsed) throw new UnparsableVersionError(version, 'RubyGems');
    return parsed.canonicalSegments();
  },
  compareKeys(a, b) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const left = a[i] ?? 0;
      const right = b[i] ?? 0;
      if (left === right) continue;
      if (typeof left === 'string' && typeof right === 'number') return -1;
      if (typeof left === 'number' && typeof right === 'string') return 1;
      return left < right ? -1 : 1;
    }
    return 0;
  },
});

const NUGET =
  /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]*)?$/;

type NuGetKey = { numbers: number[]; labels: string[] };

function compareLabels(a: string[], b: string[]): number {
  // a release (no labels) follows every pre-release of the same numbers
  if (a.length === 0 || b.length === 0) return b.length - a.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    const xNumeric = /^\d+$/.test(x);
    const yNumeric = /^\d+$/.test(y);
    if (xNumeric && yNumeric) {
      const difference = Number(x) - Number(y);
      if (difference !== 0) return difference;
    } else if (xNumeric !== yNumeric) {
      return xNumeric ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length;
}

/**
 * NuGet's version order (NuGet.Versioning): up to four numeric parts (missing ones count as 0,
 * so `1.0` = `1.0.0` = `1.0.0.0`), pre-release labels compared part by part, numeric parts
 * numerically and text case-insensitively, build metadata ignored.
 */
export const nugetOrder = defineOrder<NuGetKey>({
  name: 'NuGet',
  key(version) {
    const match = NUGET.exec(version.trim());
    if (!match) throw new UnparsableVersionError(version, 'NuGet');
    return {
      numbers: [1, 2, 3, 4].map(i => Number(match[i] ?? 0)),
      labels: match[5] ? match[5].toLowerCase().split('.') : [],
    };
  },
  compareKeys(a, b) {
    for (let i = 0; i < 4; i++) {
      if (a.numbers[i] !== b.numbers[i]) return a.numbers[i] - b.numbers[i];
    }
    return compareLabels(a.labels, b.labels);
  },
});

/** Maven's `ComparableVersion` order (see `./maven`). */
export const mavenOrder = defineOrder<MavenVersionItem[]>({
  name: 'Maven',
  key: parseMavenVersion,
  compareKeys: compareParsedMavenVersions,
});

// PHP's version_compare special forms; a form not listed sorts before all of them
const PHP_FORMS: [string, number][] = [
  ['dev', 0],
  ['alpha', 1],
  ['a', 1],
  ['beta', 2],
  ['b', 2],
  ['RC', 3],
  ['rc', 3],
  ['#', 4],
  ['pl', 5],
  ['p', 5],
];

function phpFormOrder(part: string): number {
  for (const [form, order] of PHP_FORMS)
    if (part.startsWith(form)) return order;
  return -1;
}

function comparePhpParts(a: string, b: string): number {
  const aNumeric = /^\d+$/.test(a);
  const bNumeric = /^\d+$/.test(b);
  if (aNumeric && bNumeric) return Math.sign(Number(a) - Number(b));
  return Math.sign(
    phpFormOrder(aNumeric ? '#' : a) - phpFormOrder(bNumeric ? '#' : b),
  );
}

/**
 * Packagist (Composer): PHP's `version_compare` on the canonical form OSV uses (a leading `v`
 * dropped, `-`, `_` and `+` read as `.`, a `.` between digits and letters): numbers
 * numerically, `dev` < `alpha` = `a` < `beta` = `b` < `RC` = `rc` < a number < `pl` = `p`.
 */
export const packagistOrder = defineOrder<string[]>({
  name: 'Packagist',
  key(version) {
    const canonical = version
      .trim()
      .replace(/^[vV]/, '')
      .replace(/[-_+]/g, '.')
      .replace(/([^\d.])(\d)/g, '$1.$2')
      .replace(/(\d)([^\d.])/g, '$1.$2');
    const parts = canonical.split('.').filter(part => part !== '');
    if (parts.length === 0)
      throw new UnparsableVersionError(version, 'Packagist');
    return parts;
  },
  compareKeys(a, b) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      // the longer version's remaining part against nothing: a number makes it newer,
      // a special form is compared with the number's place ("#")
      if (i >= a.length)
        return /^\d+$/.test(b[i]) ? -1 : comparePhpParts('#', b[i]);
      if (i >= b.length)
        return /^\d+$/.test(a[i]) ? 1 : comparePhpParts(a[i], '#');
      const result = comparePhpParts(a[i], b[i]);
      if (result !== 0) return result;
    }
    return 0;
  },
});

const ECOSYSTEM_ORDERS: Record<string, VersionOrder<any>> = {
  npm: semverOrder,
  'crates.io': semverOrder,
  Hex: semverOrder,
  Pub: semverOrder,
  Go: goOrder,
  PyPI: pep440Order,
  RubyGems: rubyGemsOrder,
  NuGet: nugetOrder,
  Maven: mavenOrder,
  Packagist: packagistOrder,
};

/** The version order of an OSV ecosystem (for ranges of type `ECOSYSTEM`), or undefined when unsupported. */
export function versionOrderOf(ecosystem: string): VersionOrder | undefined {
  return ECOSYSTEM_ORDERS[ecosystem];
}

/** The ecosystems whose version order this collector knows. */
export const SUPPORTED_ECOSYSTEMS = Object.keys(ECOSYSTEM_ORDERS);

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

/** One event of an OSV range. */
export interface OsvRangeEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

/** The result of evaluating one range for one version. */
export interface RangeEvaluation {
  affected: boolean;
  /** The `fixed` version that closes the interval the version falls in, when the range names one. */
  fixedIn?: string;
}

/**
 * Whether a version falls in an OSV range, as the OSV schema evaluates it: events sorted by
 * version (`0` first), `introduced` opens an interval, `fixed` closes it at that version,
 * `last_affected` closes it after that version, and when `limit` events are present the
 * version must also be below one of them (`*` means no limit).
 *
 * @throws UnparsableVersionError when the version or an event's version does not parse
 * @example
 * evaluateRange('1.1.0', [{ introduced: '0' }, { fixed: '1.2.0' }], compare) // { affected: true, fixedIn: '1.2.0' }
 */
export function evaluateRange(
  version: string,
  events: OsvRangeEvent[],
  compare: VersionComparator,
): RangeEvaluation {
  const limits = events.flatMap(e =>
    e.limit !== undefined && e.limit !== '*' ? [e.limit] : [],
  );
  if (limits.length > 0 && !limits.some(limit => compare(version, limit) < 0))
    return { affected: false };
  const point = (e: OsvRangeEvent) =>
    e.introduced ?? e.fixed ?? e.last_affected;
  const sorted = events
    .filter(e => point(e) !== undefined)
    .sort((x, y) => {
      const px = point(x)!;
      const py = point(y)!;
      if (x.introduced === '0' || y.introduced === '0')
        return (y.introduced === '0' ? 1 : 0) - (x.introduced === '0' ? 1 : 0);
      return compare(px, py);
    });
  let affected = false;
  let after = sorted.length;
  for (let index = 0; index < sorted.length; index++) {
    const event = sorted[index];
    if (event.introduced !== undefined) {
      if (event.introduced === '0' || compare(version, event.introduced) >= 0)
        affected = true;
      else after = Math.min(after, index);
    } else if (event.fixed !== undefined) {
      if (compare(version, event.fixed) >= 0) affected = false;
      else after = Math.min(after, index);
    } else if (event.last_affected !== undefined) {
      if (compare(version, event.last_affected) > 0) affected = false;
      else after = Math.min(after, index);
    }
  }
  if (!affected) return { affected };
  const closing = sorted
    .slice(after)
    .find(e => e.fixed !== undefined || e.last_affected !== undefined);
  return closing?.fixed !== undefined
    ? { affected, fixedIn: closing.fixed }
    : { affected };
}
