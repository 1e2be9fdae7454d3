import type { VersionComparator } from './order';

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
