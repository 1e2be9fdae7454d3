/** Dependency versions named by package URL, and what an SBOM says about itself: the result of reading either format. */

import { InvalidNameError, names } from '@cockpit/plugin-cockpit-common';

/** Result of reading one SBOM. */
export interface SbomDependencies {
  /** Canonical package URLs with version (qualifiers such as `?type=jar` dropped), sorted, unique. */
  dependencies: string[];
  /** Components that could not be named: no purl, no version or an unparsable purl. */
  skipped: string[];
}

/** What an SBOM says about itself, kept beside the dependencies in the reading. */
export interface SbomDescription {
  format: 'CycloneDX' | 'SPDX';
  specVersion: string;
  /** CycloneDX `serialNumber`, or SPDX `documentNamespace`. */
  serialNumber?: string;
  /** The package URL of the application the SBOM describes, when it names one. */
  component?: string;
  /** When the SBOM was made (CycloneDX `metadata.timestamp`, SPDX `creationInfo.created`). */
  timestamp?: string;
}

/** One SBOM read: what it describes and the dependency versions it lists. */
export type Sbom = SbomDependencies & { description: SbomDescription };

/** Canonical dependency versions of labelled components; a component without a usable purl is skipped by label. */
export function collectPurls(
  entries: { label: string; purls: string[] }[],
): SbomDependencies {
  const dependencies = new Set<string>();
  const skipped: string[] = [];
  for (const { label, purls } of entries) {
    if (purls.length === 0) {
      skipped.push(`${label} (no purl)`);
      continue;
    }
    for (const purl of purls) {
      try {
        dependencies.add(names.softwareDependencyVersion({ purl }));
      } catch (error) {
        if (!(error instanceof InvalidNameError)) throw error;
        skipped.push(`${label} (${error.message})`);
      }
    }
  }
  return { dependencies: [...dependencies].sort(), skipped };
}
