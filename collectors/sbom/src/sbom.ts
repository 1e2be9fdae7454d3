import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { defineCollector } from '@cockpit/collector-sdk';
import { InvalidNameError, names } from '@cockpit/plugin-cockpit-common';
import { SbomFormatError } from './errors';

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

/** Configuration: SBOM files named explicitly, and/or a directory laid out as `<service>/<environment>.cdx.json` or `.spdx.json`. */
export const SbomCollectorConfigSchema = z
  .object({
    sboms: z
      .array(
        z.object({
          service: z.string().min(1),
          environment: z.string().min(1),
          file: z.string().min(1),
        }),
      )
      .default([]),
    directory: z.string().optional(),
  })
  .refine(c => c.sboms.length > 0 || c.directory, {
    message: 'set sboms or directory',
  });

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

function collectPurls(
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

const CYCLONEDX_VERSIONS = /^1\.[2-6]$/;
const SPDX_VERSIONS = ['SPDX-2.2', 'SPDX-2.3'];
const EXPECTED =
  'expected CycloneDX JSON (bomFormat "CycloneDX", specVersion 1.2 to 1.6) or SPDX 2.3 JSON (spdxVersion "SPDX-2.3")';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireArray(
  file: string,
  document: Record<string, unknown>,
  field: string,
) {
  if (document[field] !== undefined && !Array.isArray(document[field])) {
    throw new SbomFormatError(`${file}: ${field} is not an array`);
  }
}

/**
 * Reads one SBOM, CycloneDX or SPDX JSON, telling the two apart by their own markers.
 *
 * @throws SbomFormatError naming the file and the problem, for a file that is not JSON or
 *   is neither format (or a version of it this collector does not read)
 * @example
 * readSbom({ file: 'payment-service/production.spdx.json', text }).dependencies
 */
export function readSbom({ file, text }: { file: string; text: string }): Sbom {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new SbomFormatError(
      `${file}: not JSON (${(error as Error).message}); ${EXPECTED}`,
      { cause: error },
    );
  }
  if (!isObject(document))
    throw new SbomFormatError(
      `${file}: not an SBOM: the document is not a JSON object; ${EXPECTED}`,
    );
  if (document.bomFormat === 'CycloneDX') {
    const specVersion = String(document.specVersion ?? '');
    if (!CYCLONEDX_VERSIONS.test(specVersion)) {
      throw new SbomFormatError(
        `${file}: CycloneDX specVersion ${JSON.stringify(
          document.specVersion,
        )} is not read (1.2 to 1.6 are)`,
      );
    }
    requireArray(file, document, 'components');
    const bom = document as unknown as CycloneDxBom;
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
  if (typeof document.spdxVersion === 'string') {
    if (!SPDX_VERSIONS.includes(document.spdxVersion)) {
      throw new SbomFormatError(
        `${file}: spdxVersion ${JSON.stringify(
          document.spdxVersion,
        )} is not read (SPDX-2.3 and SPDX-2.2 JSON are)`,
      );
    }
    requireArray(file, document, 'packages');
    requireArray(file, document, 'relationships');
    const spdx = document as unknown as SpdxDocument;
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
  const found =
    'bomFormat' in document
      ? `bomFormat ${JSON.stringify(document.bomFormat)}`
      : 'neither bomFormat nor spdxVersion';
  throw new SbomFormatError(
    `${file}: not an SBOM this collector reads: found ${found}; ${EXPECTED}`,
  );
}

const SBOM_SUFFIX = /(\.cdx|\.spdx)?\.json$/;

async function directoryEntries(directory: string) {
  const entries: { service: string; environment: string; file: string }[] = [];
  for (const service of (
    await readdir(directory, { withFileTypes: true })
  ).filter(d => d.isDirectory())) {
    for (const file of await readdir(join(directory, service.name))) {
      if (!file.endsWith('.json')) continue;
      entries.push({
        service: service.name,
        environment: file.replace(SBOM_SUFFIX, ''),
        file: join(directory, service.name, file),
      });
    }
  }
  return entries.sort((a, b) => a.file.localeCompare(b.file));
}

/**
 * Reads CycloneDX and SPDX SBOMs per service deployment -> `ServiceDeployment`,
 * `SoftwareDependency`, `SoftwareDependencyVersion` and the deployment's `deployment-dependencies`
 * (dated by the SBOM's own timestamp, so an older SBOM never replaces a newer one). A file that
 * is not an SBOM does not stop the others: it is logged as an error naming the file and the
 * problem, and every readable SBOM is published.
 */
export const sbomCollector = defineCollector({
  id: 'sbom',
  description:
    'Dependencies of each service deployment from its CycloneDX or SPDX SBOM',
  schedule: 'rate(1 hour)',
  configSchema: SbomCollectorConfigSchema,
  async collect(ctx) {
    const entries = [
      ...ctx.config.sboms,
      ...(ctx.config.directory
        ? await directoryEntries(ctx.config.directory)
        : []),
    ];
    const failures: string[] = [];
    for (const entry of entries) {
      ctx.signal.throwIfAborted();
      let sbom: Sbom;
      try {
        sbom = readSbom({
          file: entry.file,
          text: await readFile(entry.file, 'utf8'),
        });
      } catch (error) {
        if (
          !(error instanceof SbomFormatError) &&
          (error as NodeJS.ErrnoException).code === undefined
        )
          throw error;
        const message =
          error instanceof SbomFormatError
            ? error.message
            : `${entry.file}: ${(error as Error).message}`;
        ctx.logger.error(message);
        failures.push(message);
        continue;
      }
      const { dependencies, skipped, description } = sbom;
      if (skipped.length) {
        ctx.logger.warn(
          `${entry.file}: skipped ${skipped.length} component(s): ${skipped
            .slice(0, 5)
            .join(', ')}`,
        );
      }
      const deployment = ctx.resources.serviceDeployment(entry);
      for (const purl of dependencies) {
        ctx.resources.softwareDependency({ purl });
        ctx.resources.softwareDependencyVersion({ purl });
      }
      const { timestamp, ...about } = description;
      // a JSON value: fields the SBOM does not state are left out, not undefined
      const sbomValue = Object.fromEntries(
        Object.entries(about).filter(([, value]) => value !== undefined),
      );
      ctx.readings['deployment-dependencies'](
        deployment,
        { dependencies, sbom: sbomValue },
        { collectedAt: timestamp },
      );
      ctx.logger.info(
        `${deployment.name}: ${dependencies.length} dependencies from ${entry.file} (${description.format} ${description.specVersion})`,
      );
      await ctx.flush();
    }
    if (failures.length)
      ctx.logger.error(
        `${failures.length} of ${entries.length} SBOM(s) not read`,
      );
  },
});
