import {
  formatPackageUrl,
  parsePackageUrl,
} from '@cockpit/plugin-cockpit-common';

/**
 * Splits what a person typed into the calculation's parameters with the shared package-URL
 * helpers: `pkg:npm/express@4.18.2` names one version, `pkg:npm/express` every version.
 */
export function splitPackageUrl(input: string): {
  package: string;
  version?: string;
} {
  const { version, ...ref } = parsePackageUrl(input.trim());
  return { package: formatPackageUrl(ref), version };
}
