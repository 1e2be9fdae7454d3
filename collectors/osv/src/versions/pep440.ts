import * as pep440 from '@renovatebot/pep440';
import { defineOrder, UnparsableVersionError } from './order';

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
