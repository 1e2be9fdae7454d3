import { versionOrderOf } from './ecosystems';
import { cachedComparator, UnparsableVersionError } from './order';
import { pep440Order } from './pep440';
import { semverOrder } from './semver';

const compareIn = (ecosystem: string) =>
  cachedComparator(versionOrderOf(ecosystem)!);

// [lower, higher] pairs, each a fact of the ecosystem's own specification
const ORDERED: [string, string, string][] = [
  // PEP 440: dev < pre (a < b < rc) < release < post; epochs first; local versions after their public version
  ['PyPI', '1.0.dev0', '1.0a1'],
  ['PyPI', '1.0a1', '1.0a2'],
  ['PyPI', '1.0a2', '1.0b1'],
  ['PyPI', '1.0b1', '1.0rc1'],
  ['PyPI', '1.0rc1', '1.0'],
  ['PyPI', '1.0', '1.0.post1'],
  ['PyPI', '1.0.post1', '1.0.1'],
  ['PyPI', '1.0a1.post1', '1.0b1'],
  ['PyPI', '2.0', '1!1.0'],
  ['PyPI', '1.0', '1.0+local.1'],
  ['PyPI', '1.0+abc', '1.0+1'],
  ['PyPI', '1.0+1', '1.0+1.1'],
  ['PyPI', '1.0.dev1', '1.0.dev2'],
  ['PyPI', '1.0rc1.dev1', '1.0rc1'],
  ['PyPI', '1.0.post1.dev1', '1.0.post1'],
  ['PyPI', '1.9', '1.10'],
  // RubyGems: a version with a letter is a pre-release; segments compare numerically
  ['RubyGems', '1.0.0.pre', '1.0.0'],
  ['RubyGems', '1.0.0.alpha', '1.0.0.beta'],
  ['RubyGems', '1.0.0.rc1', '1.0.0'],
  ['RubyGems', '1.9', '1.10'],
  ['RubyGems', '5.2.4.3', '5.2.5'],
  ['RubyGems', '1.0.a10', '1.0.b1'],
  // SemVer 2.0 section 11
  ['npm', '1.0.0-alpha', '1.0.0-alpha.1'],
  ['npm', '1.0.0-alpha.1', '1.0.0-alpha.beta'],
  ['npm', '1.0.0-alpha.beta', '1.0.0-beta'],
  ['npm', '1.0.0-beta.2', '1.0.0-beta.11'],
  ['npm', '1.0.0-rc.1', '1.0.0'],
  ['npm', '1.9.0', '1.10.0'],
  ['crates.io', '0.9.9', '0.10.0'],
  // Go modules: SemVer with the v; pseudo-versions are pre-releases of the next patch
  ['Go', 'v0.0.0-20230101120000-abcdef123456', 'v0.0.1'],
  ['Go', 'v1.9.0', 'v1.9.1'],
  ['Go', 'v1.2.3-pre', 'v1.2.3'],
  ['Go', 'v1.9.1', '1.10.0'],
  // NuGet: four numeric parts, labels part by part, case-insensitively
  ['NuGet', '1.0.0-preview.1', '1.0.0-rc.1'],
  ['NuGet', '1.0.0-Preview.1', '1.0.0-rc.1'],
  ['NuGet', '1.0.0-alpha', '1.0.0-Beta'],
  ['NuGet', '1.0.0-beta.2', '1.0.0-beta.10'],
  ['NuGet', '1.0.0-rc.1', '1.0.0'],
  ['NuGet', '1.0.0', '1.0.0.1'],
  ['NuGet', '4.3.0.9', '4.3.1'],
  ['NuGet', '1.0.0-1', '1.0.0-alpha'],
  // Maven's version order specification
  ['Maven', '1', '1.1'],
  ['Maven', '1-snapshot', '1'],
  ['Maven', '1', '1-sp'],
  ['Maven', '1-foo2', '1-foo10'],
  ['Maven', '1.foo', '1-1'],
  ['Maven', '1-1', '1.1'],
  ['Maven', '1-ga', '1-sp'],
  ['Maven', '1-ga.1', '1-sp.1'],
  ['Maven', '1.0-alpha1', '1.0-beta1'],
  ['Maven', '1.0-beta1', '1.0-milestone1'],
  ['Maven', '1.0-milestone1', '1.0-rc1'],
  ['Maven', '1.0-rc1', '1.0-SNAPSHOT'],
  ['Maven', '1.0-SNAPSHOT', '1.0'],
  ['Maven', '1.0-sp', '1.0-whatever'],
  ['Maven', '2.9.10.8', '2.12.6.1'],
  ['Maven', '4.1.68.Final', '4.1.100.Final'],
  ['Maven', '2.0-beta9', '2.0'],
  // Composer / PHP version_compare: dev < alpha < beta < RC < release < patch level
  ['Packagist', '1.0.0-dev', '1.0.0-alpha1'],
  ['Packagist', '1.0.0-alpha1', '1.0.0-beta1'],
  ['Packagist', '1.0.0-beta1', '1.0.0-RC1'],
  ['Packagist', '1.0.0-RC1', '1.0.0'],
  ['Packagist', '1.0.0', '1.0.0-p1'],
  ['Packagist', '1.0.0', '1.0.0.1'],
  ['Packagist', '1.0', '1.0.0'],
  ['Packagist', 'v5.4.9', '5.4.10'],
  ['Packagist', '1.0.0-RC2', '1.0.0-RC10'],
];

// pairs that the ecosystem holds equal
const EQUAL: [string, string, string][] = [
  ['PyPI', '1.0', '1.0.0'],
  ['PyPI', '1.0a1', '1.0.alpha.1'],
  ['PyPI', '1.0.post1', '1.0-1'],
  ['RubyGems', '1.0', '1.0.0'],
  ['npm', '1.0.0+build.1', '1.0.0+build.2'],
  ['Go', 'v2.0.0+incompatible', 'v2.0.0'],
  ['NuGet', '1.0', '1.0.0.0'],
  ['NuGet', '1.0.0-RC.1', '1.0.0-rc.1'],
  ['NuGet', '1.0.0+abc', '1.0.0'],
  ['Maven', '1.ga', '1'],
  ['Maven', '1-ga', '1.0'],
  ['Maven', '1-0', '1'],
  ['Maven', '1-a1', '1-alpha-1'],
  ['Maven', '1.0.RELEASE', '1.0'],
  ['Maven', '1.0-cr1', '1.0-rc1'],
  ['Maven', '4.1.100.Final', '4.1.100'],
  ['Packagist', '1.0.0-alpha', '1.0.0-a'],
  ['Packagist', 'v1.2.3', '1.2.3'],
  ['Packagist', '1.0.0-rc1', '1.0.0.RC.1'],
];

describe('ecosystem version orders', () => {
  it.each(ORDERED)('%s orders %s before %s', (ecosystem, lower, higher) => {
    const compare = compareIn(ecosystem);

    expect(compare(lower, higher)).toBeLessThan(0);
    expect(compare(higher, lower)).toBeGreaterThan(0);
  });

  it.each(EQUAL)('%s holds %s equal to %s', (ecosystem, a, b) => {
    const compare = compareIn(ecosystem);

    expect(compare(a, b)).toBe(0);
    expect(compare(b, a)).toBe(0);
  });

  it.each([
    ['PyPI', 'not a version'],
    ['NuGet', '1.0.0.0.0'],
    ['Go', '1.2'],
    ['npm', 'latest'],
  ])(
    'refuses a %s version that does not parse (%s), naming it',
    (ecosystem, version) => {
      expect(() => compareIn(ecosystem)(version, '1.0.0')).toThrow(
        UnparsableVersionError,
      );
      expect(() => compareIn(ecosystem)(version, '1.0.0')).toThrow(
        `"${version}"`,
      );
    },
  );

  it('knows the order of every ecosystem the collector matches, and no order for others', () => {
    expect(versionOrderOf('PyPI')).toBe(pep440Order);
    expect(versionOrderOf('Hex')).toBe(semverOrder);
    expect(versionOrderOf('Debian')).toBeUndefined();
  });
});
