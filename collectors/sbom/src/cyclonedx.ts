import { SbomFormatError } from './errors';
import { collectPurls, Sbom, SbomDependencies } from './dependencies';

/** The part of a CycloneDX JSON document (1.2 to 1.6) this collector reads. */
export interface CycloneDxBom {
  bomFormat: 'CycloneDX';
  specVersion: string;
  serialNumber?: string;
  metadata?: {
    timestamp?: string;
    tools?: unknown;
    component?: CycloneDxComponent;
  };
  components?: CycloneDxComponent[];
}

/** A CycloneDX component; nested `components` are walked too. */
export interface CycloneDxComponent {
  type?: string;
  name: string;
  group?: string;
  version?: string;
  purl?: string;
  components?: CycloneDxComponent[];
}

/**
 * The dependency versions of a CycloneDX SBOM (as written by `npm sbom --sbom-format cyclonedx`
 * or the CycloneDX Maven plugin), excluding the described application itself.
 */
export function sbomDependencies(bom: CycloneDxBom): SbomDependencies {
  if (bom.bomFormat !== 'CycloneDX') {
    throw new SbomFormatError(
      `not a CycloneDX document (bomFormat ${JSON.stringify(bom.bomFormat)})`,
    );
  }
  const self = bom.metadata?.component?.purl;
  const entries: { label: string; purls: string[] }[] = [];
  const walk = (components: CycloneDxComponent[] | undefined) => {
    for (const component of components ?? []) {
      walk(component.components);
      if (component.purl && component.purl === self) continue;
      const label = `${component.group ? `${component.group}/` : ''}${
        component.name
      }${component.version ? `@${component.version}` : ''}`;
      entries.push({ label, purls: component.purl ? [component.purl] : [] });
    }
  };
  walk(bom.components);
  return collectPurls(entries);
}

/** A CycloneDX SBOM read: its dependency versions and what it says about itself. */
export function cycloneDxSbom(bom: CycloneDxBom, specVersion: string): Sbom {
  return {
    ...sbomDependencies(bom),
    description: {
      format: 'CycloneDX',
      specVersion,
      serialNumber: bom.serialNumber,
      component: bom.metadata?.component?.purl,
      timestamp: bom.metadata?.timestamp,
    },
  };
}
