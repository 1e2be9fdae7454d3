import { readdir, readFile } from 'node:fs/promises';
import { join, basename } from 'node:path';
import { z } from 'zod';
import { defineCollector } from '@cockpit/collector-sdk';
import { InvalidNameError, names } from '@cockpit/plugin-cockpit-common';

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

/** Configuration: SBOM files named explicitly, and/or a directory laid out as `<service>/<environment>.cdx.json`. */
export const SbomCollectorConfigSchema = z
  .object({
    sboms: z
      .array(z.object({ service: z.string().min(1), environment: z.string().min(1), file: z.string().min(1) }))
      .default([]),
    directory: z.string().optional(),
  })
  .refine(c => c.sboms.length > 0 || c.directory, { message: 'set sboms or directory' });

/** Result of reading one SBOM. */
export interface SbomDependencies {
  /** Canonical package URLs with version (qualifiers such as `?type=jar` dropped), sorted, unique. */
  dependencies: string[];
  /** Components that could not be named: no purl, no version or an unparsable purl. */
  skipped: string[];
}

/**
 * The dependency versions of a CycloneDX SBOM (as written by `npm sbom --sbom-format cyclonedx`
 * or the CycloneDX Maven plugin), excluding the described application itself.
 */
export function sbomDependencies(bom: CycloneDxBom): SbomDependencies {
  if (bom.bomFormat !== 'CycloneDX') {
    throw new Error(`not a CycloneDX document (bomFormat ${JSON.stringify(bom.bomFormat)})`);
  }
  const self = bom.metadata?.component?.purl;
  const dependencies = new Set<string>();
  const skipped: string[] = [];
  const walk = (components: CycloneDxComponent[] | undefined) => {
    for (const component of components ?? []) {
      walk(component.components);
      if (component.purl && component.purl === self) continue;
      const label = `${component.group ? `${component.group}/` : ''}${component.name}${component.version ? `@${component.version}` : ''}`;
      if (!component.purl) {
        skipped.push(`${label} (no purl)`);
        continue;
      }
      try {
        dependencies.add(names.softwareDependencyVersion({ purl: component.purl }));
      } catch (error) {
        if (!(error instanceof InvalidNameError)) throw error;
        skipped.push(`${label} (${error.message})`);
      }
    }
  };
  walk(bom.components);
  return { dependencies: [...dependencies].sort(), skipped };
}

async function directoryEntries(directory: string) {
  const entries: { service: string; environment: string; file: string }[] = [];
  for (const service of (await readdir(directory, { withFileTypes: true })).filter(d => d.isDirectory())) {
    for (const file of await readdir(join(directory, service.name))) {
      if (!file.endsWith('.json')) continue;
      entries.push({
        service: service.name,
        environment: basename(file).replace(/(\.cdx)?\.json$/, ''),
        file: join(directory, service.name, file),
      });
    }
  }
  return entries.sort((a, b) => a.file.localeCompare(b.file));
}

/**
 * Reads CycloneDX SBOMs per service deployment -> `ServiceDeployment`, `SoftwareDependency`,
 * `SoftwareDependencyVersion` and the deployment's `deployment-dependencies` (dated by the
 * SBOM's own timestamp, so an older SBOM never replaces a newer one).
 */
export const sbomCollector = defineCollector({
  id: 'sbom',
  description: 'Dependencies of each service deployment from its CycloneDX SBOM',
  schedule: 'rate(1 hour)',
  configSchema: SbomCollectorConfigSchema,
  async collect(ctx) {
    const entries = [...ctx.config.sboms, ...(ctx.config.directory ? await directoryEntries(ctx.config.directory) : [])];
    for (const entry of entries) {
      ctx.signal.throwIfAborted();
      const bom = JSON.parse(await readFile(entry.file, 'utf8')) as CycloneDxBom;
      const { dependencies, skipped } = sbomDependencies(bom);
      if (skipped.length) {
        ctx.logger.warn(`${entry.file}: skipped ${skipped.length} component(s): ${skipped.slice(0, 5).join(', ')}`);
      }
      const deployment = ctx.resources.serviceDeployment(entry);
      for (const purl of dependencies) {
        ctx.resources.softwareDependency({ purl });
        ctx.resources.softwareDependencyVersion({ purl });
      }
      ctx.readings['deployment-dependencies'](
        deployment,
        {
          dependencies,
          sbom: { serialNumber: bom.serialNumber, specVersion: bom.specVersion, component: bom.metadata?.component?.purl },
        },
        { collectedAt: bom.metadata?.timestamp },
      );
      ctx.logger.info(`${deployment.name}: ${dependencies.length} dependencies from ${entry.file}`);
      await ctx.flush();
    }
  },
});
