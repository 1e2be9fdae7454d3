import semver from 'semver';

/** Compares two versions: negative when a < b, 0 when equal, positive when a > b. */
export type VersionComparator = (a: string, b: string) => number;

const QUALIFIER_ORDER: Record<string, number> = {
  alpha: 1, a: 1, beta: 2, b: 2, milestone: 3, m: 3, rc: 4, cr: 4, snapshot: 5,
  '': 6, ga: 6, final: 6, release: 6, sp: 7,
};

type Token = number | string;

function mavenTokens(version: string): Token[] {
  const tokens: Token[] = [];
  for (const part of version.toLowerCase().split(/[.\-_+]/)) {
    for (const piece of part.match(/\d+|[a-z]+/g) ?? []) {
      tokens.push(/^\d+$/.test(piece) ? Number(piece) : piece);
    }
  }
  // trailing zeros and release qualifiers do not change a version: 1.0 == 1 == 1.0.0.Final
  while (tokens.length > 0) {
    const last = tokens[tokens.length - 1];
    if (last === 0 || (typeof last === 'string' && QUALIFIER_ORDER[last] === 6)) tokens.pop();
    else break;
  }
  return tokens;
}

function qualifierRank(token: string): [number, string] {
  const rank = QUALIFIER_ORDER[token];
  // unknown qualifiers sort after the known pre-releases, before the release, alphabetically
  return rank === undefined ? [5.5, token] : [rank, ''];
}

/**
 * Maven's version order, close to `ComparableVersion`: numeric parts numerically, qualifiers
 * alpha < beta < milestone < rc < snapshot < release (ga, final) < sp.
 *
 * @example
 * compareMavenVersions('2.9.10.8', '2.12.6.1') < 0
 */
export function compareMavenVersions(a: string, b: string): number {
  const left = mavenTokens(a);
  const right = mavenTokens(b);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i];
    const y = right[i];
    if (x === y) continue;
    // a missing part counts as the release: 1.0 > 1.0-rc1, 1.0 < 1.0.1
    const missing = (other: Token) => (typeof other === 'number' ? 0 : '');
    const xv = x === undefined ? missing(y) : x;
    const yv = y === undefined ? missing(x) : y;
    if (typeof xv === 'number' && typeof yv === 'number') {
      if (xv !== yv) return xv - yv;
      continue;
    }
    if (typeof xv === 'number') return 1;
    if (typeof yv === 'number') return -1;
    const [rx, sx] = qualifierRank(xv);
    const [ry, sy] = qualifierRank(yv);
    if (rx !== ry) return rx - ry;
    if (sx !== sy) return sx < sy ? -1 : 1;
  }
  return 0;
}

function toSemver(version: string): string | undefined {
  const cleaned = version.replace(/^v/, '');
  return semver.valid(cleaned) ?? semver.valid(semver.coerce(cleaned, { includePrerelease: true })) ?? undefined;
}

/** Semantic versioning order (npm, Go with or without the `v` prefix); falls back to Maven's order. */
export function compareSemverVersions(a: string, b: string): number {
  const x = toSemver(a);
  const y = toSemver(b);
  if (x && y) return semver.compare(x, y);
  return compareMavenVersions(a, b);
}

/** The comparator of an OSV ecosystem (ranges of type ECOSYSTEM). */
export function comparatorFor(ecosystem: string): VersionComparator {
  return ecosystem === 'npm' || ecosystem === 'Go' || ecosystem === 'crates.io'
    ? compareSemverVersions
    : compareMavenVersions;
}

/** One event of an OSV range. */
export interface OsvRangeEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

/**
 * Whether a version falls in an OSV range, evaluated as the OSV schema describes: events sorted
 * by version, `introduced` opens, `fixed` closes at, `last_affected` closes after.
 * Returns the `fixed` version that ends the interval the version is in, when there is one.
 */
export function evaluateRange(
  version: string,
  events: OsvRangeEvent[],
  compare: VersionComparator,
): { affected: boolean; fixedIn?: string } {
  const point = (e: OsvRangeEvent) => e.introduced ?? e.fixed ?? e.last_affected ?? e.limit ?? '0';
  const sorted = events
    .filter(e => e.limit === undefined)
    .slice()
    .sort((x, y) => {
      const px = point(x);
      const py = point(y);
      if (px === '0') return py === '0' ? 0 : -1;
      if (py === '0') return 1;
      return compare(px, py);
    });
  let affected = false;
  let index = 0;
  for (; index < sorted.length; index++) {
    const event = sorted[index];
    if (event.introduced !== undefined) {
      if (event.introduced === '0' || compare(version, event.introduced) >= 0) affected = true;
      else break;
    } else if (event.fixed !== undefined) {
      if (compare(version, event.fixed) >= 0) affected = false;
      else break;
    } else if (event.last_affected !== undefined) {
      if (compare(version, event.last_affected) > 0) affected = false;
      else break;
    }
  }
  if (!affected) return { affected };
  const closing = sorted.slice(index).find(e => e.fixed !== undefined || e.last_affected !== undefined);
  return { affected, fixedIn: closing?.fixed };
}
