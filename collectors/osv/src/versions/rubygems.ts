import { Version as RubyVersion } from '@renovatebot/ruby-semver/dist/ruby/version';
import { defineOrder, UnparsableVersionError } from './order';

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
