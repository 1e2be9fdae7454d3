import { PackageURL } from 'packageurl-js';
import { InvalidNameError } from './parts';

/** The parts of a package URL (https://github.com/package-url/purl-spec). */
export interface PackageRef {
  /** Package type, e.g. `npm`, `maven`, `pypi`, `golang`. */
  type: string;
  /** Group, scope or vendor, e.g. `org.apache.logging.log4j` or `@babel`. */
  namespace?: string;
  name: string;
  version?: string;
}

/** Builds a canonical package URL; without a version it names the package, with one a version. */
export function formatPackageUrl(ref: PackageRef): string {
  if (!ref.type || !ref.name) {
    throw new InvalidNameError('a package URL needs a type and a name');
  }
  return new PackageURL(
    ref.type.toLowerCase(),
    ref.namespace || undefined,
    ref.name,
    ref.version || undefined,
    undefined,
    undefined,
  ).toString();
}

/**
 * Parses a package URL into its parts, dropping qualifiers and subpath.
 * @throws InvalidNameError when the text is not a package URL
 */
export function parsePackageUrl(purl: string): PackageRef {
  let parsed: PackageURL;
  try {
    parsed = PackageURL.fromString(purl);
  } catch (error) {
    throw new InvalidNameError(
      `"${purl}" is not a package URL: ${(error as Error).message}`,
    );
  }
  return {
    type: parsed.type,
    namespace: parsed.namespace ?? undefined,
    name: parsed.name,
    version: parsed.version ?? undefined,
  };
}
