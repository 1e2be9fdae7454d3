import { defineOrder, UnparsableVersionError } from './order';

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
