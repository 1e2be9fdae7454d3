import { defineOrder, UnparsableVersionError } from './order';

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
