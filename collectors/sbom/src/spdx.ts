import { collectPurls, Sbom, SbomDependencies } from './dependencies';

/** The part of an SPDX 2.3 (or 2.2) JSON document this collector reads. */
export interface SpdxDocument {
  spdxVersion: string;
  SPDXID?: string;
  name?: string;
  documentNamespace?: string;
  documentDescribes?: string[];
  creationInfo?: { created?: string };
  packages?: SpdxPackage[];
  relationships?: {
    spdxElementId: string;
    relatedSpdxElement: string;
    relationshipType: string;
  }[];
}

/** An SPDX package; its package URL is an `externalRefs` entry of type `purl`. */
export interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  externalRefs?: {
    referenceCategory?: string;
    referenceType: string;
    referenceLocator: string;
  }[];
}

/** The SPDX ids of the packages a document describes (`documentDescribes` and `DESCRIBES` relationships). */
function describedPackages(document: SpdxDocument): Set<string> {
  const described = new Set(document.documentDescribes ?? []);
  const self = document.SPDXID ?? 'SPDXRef-DOCUMENT';
  for (const relationship of document.relationships ?? []) {
    if (
      relationship.relationshipType === 'DESCRIBES' &&
      relationship.spdxElementId === self
    ) {
      described.add(relationship.relatedSpdxElement);
    }
    if (
      relationship.relationshipType === 'DESCRIBED_BY' &&
      relationship.relatedSpdxElement === self
    ) {
      described.add(relationship.spdxElementId);
    }
  }
  return described;
}

const purlsOf = (pkg: SpdxPackage) =>
  (pkg.externalRefs ?? [])
    .filter(ref => ref.referenceType === 'purl')
    .map(ref => ref.referenceLocator);

/**
 * The dependency versions of an SPDX 2.3 JSON SBOM (as written by syft, Trivy, `spdx-sbom-generator`
 * or GitHub's dependency graph export): each package's package URL from its `externalRefs` of
 * type `purl`, excluding the packages the document describes (the application itself).
 */
export function spdxDependencies(document: SpdxDocument): SbomDependencies {
  const described = describedPackages(document);
  return collectPurls(
    (document.packages ?? [])
      .filter(pkg => !described.has(pkg.SPDXID))
      .map(pkg => ({
        label: `${pkg.name}${pkg.versionInfo ? `@${pkg.versionInfo}` : ''}`,
        purls: purlsOf(pkg),
      })),
  );
}

/** An SPDX SBOM read: its dependency versions and what it says about itself. */
export function spdxSbom(spdx: SpdxDocument): Sbom {
  const described = describedPackages(spdx);
  const self = (spdx.packages ?? [])
    .filter(pkg => described.has(pkg.SPDXID))
    .flatMap(purlsOf);
  return {
    ...spdxDependencies(spdx),
    description: {
      format: 'SPDX',
      specVersion: spdx.spdxVersion.replace(/^SPDX-/, ''),
      serialNumber: spdx.documentNamespace,
      component: self[0],
      timestamp: spdx.creationInfo?.created,
    },
  };
}
