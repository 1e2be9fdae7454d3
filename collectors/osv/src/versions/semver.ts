import semver from 'semver';
import { defineOrder, UnparsableVersionError } from './order';

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
