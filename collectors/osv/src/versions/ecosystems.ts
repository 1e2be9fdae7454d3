import { goOrder } from './go';
import { mavenOrder } from './maven';
import { nugetOrder } from './nuget';
import type { VersionOrder } from './order';
import { packagistOrder } from './packagist';
import { pep440Order } from './pep440';
import { rubyGemsOrder } from './rubygems';
import { semverOrder } from './semver';

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
