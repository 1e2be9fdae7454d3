import semver from 'semver';
import { defineOrder, UnparsableVersionError } from './order';

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
