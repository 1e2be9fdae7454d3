import { readFile } from 'node:fs/promises';
import { CollectorContext, defineCollector } from '@cockpit/collector-sdk';
import { SbomCollectorConfig, SbomCollectorConfigSchema } from './config';
import { Sbom } from './dependencies';
import { SbomFormatError } from './errors';
import { readSbom } from './readSbom';
import { directoryEntries, SbomEntry } from './sbomFiles';

type Ctx = CollectorContext<SbomCollectorConfig>;

/**
 * The SBOM of an entry, or undefined when its file is not one or cannot be read (logged as an
 * error and added to `failures`); any other error is thrown.
 */
async function readEntry(
  ctx: Ctx,
  entry: SbomEntry,
  failures: string[],
): Promise<Sbom | undefined> {
  try {
    return readSbom({
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
    return undefined;
  }
}

/** The deployment, its dependency resources and its `deployment-dependencies` reading. */
function publishSbom(ctx: Ctx, entry: SbomEntry, sbom: Sbom) {
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
      const sbom = await readEntry(ctx, entry, failures);
      if (!sbom) continue;
      publishSbom(ctx, entry, sbom);
      await ctx.flush();
    }
    if (failures.length)
      ctx.logger.error(
        `${failures.length} of ${entries.length} SBOM(s) not read`,
      );
  },
});
