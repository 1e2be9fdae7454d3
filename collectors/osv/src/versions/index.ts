/**
 * Version orders of the OSV ecosystems (one file each), the order of an ecosystem, and the
 * evaluation of an OSV range in an order.
 */
export { versionOrderOf, SUPPORTED_ECOSYSTEMS } from './ecosystems';
export { goOrder } from './go';
export {
  compareMavenVersions,
  compareParsedMavenVersions,
  mavenOrder,
  parseMavenVersion,
} from './maven';
export type { MavenVersionItem } from './maven';
export { nugetOrder } from './nuget';
export { cachedComparator, UnparsableVersionError } from './order';
export type { VersionComparator, VersionOrder } from './order';
export { packagistOrder } from './packagist';
export { pep440Order } from './pep440';
export { evaluateRange } from './range';
export type { OsvRangeEvent, RangeEvaluation } from './range';
export { rubyGemsOrder } from './rubygems';
export { semverOrder } from './semver';
