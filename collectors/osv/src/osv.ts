import { z } from 'zod';
import {
  CollectorLogger,
  defineCollector,
  listAllResources,
} from '@cockpit/collector-sdk';
import { CockpitClient, parsePackageUrl } from '@cockpit/plugin-cockpit-common';
import { AdvisoryIndex, MatchProblem, VersionMatch } from './matcher';
import { OsvApiClient, OsvQuery } from './osvApi';
import { osvPackageOf } from './osvPackages';
import { AdvisoryText, parseAdvisories, readAdvisoryFiles } from './sources';
import { readAdvisoryZip } from './zipSource';
import { AdvisorySourceError } from './errors';
import { UnparsableVersionError } from './versions';

/** The default base URL of OSV's API. */
export const OSV_API_BASE_URL = 'https://api.osv.dev';

const AdvisorySourceSchema = z.discriminatedUnion('type', [
  z.strictObject({
    /** An ecosystem's (or every ecosystem's) `all.zip` export, read without unpacking. */
    type: z.literal('zip'),
    path: z.string().min(1),
  }),
  z.strictObject({
    /** A directory of advisories (`*.json`, in any sub-folder), or one JSON file. */
    type: z.literal('directory'),
    path: z.string().min(1),
  }),
  z.strictObject({
    /** OSV's batch query API, then `GET /v1/vulns/{id}` for each advisory found. */
    type: z.literal('api'),
    baseUrl: z.url().default(OSV_API_BASE_URL),
    batchSize: z.number().int().min(1).max(1000).default(1000),
    concurrency: z.number().int().min(1).max(32).default(8),
  }),
]);

/** Where the advisories come from. */
export type AdvisorySource = z.infer<typeof AdvisorySourceSchema>;

/** Configuration: where the advisories are and which versions to check. */
export const OsvCollectorConfigSchema = z
  .object({
    /** Where the advisories come from: `{ type: 'zip' | 'directory', path }` or `{ type: 'api', baseUrl? }`. */
    source: AdvisorySourceSchema.optional(),
    /** Shorthand for `source`: a path, read as a zip archive when it ends in `.zip`, else as a directory or file. */
    advisories: z.string().min(1).optional(),
    /** Package URLs with version to check. */
    purls: z.array(z.string().startsWith('pkg:')).default([]),
    /** Or every `SoftwareDependencyVersion` known to Cockpit, read through its REST API. */
    api: z
      .object({ baseUrl: z.string().url(), token: z.string().optional() })
      .optional(),
  })
  .refine(c => c.purls.length > 0 || c.api, { message: 'set purls or api' })
  .refine(c => (c.source === undefined) !== (c.advisories === undefined), {
    message: 'set exactly one of source and advisories',
  });

/** The configuration of the osv collector. */
export type OsvCollectorConfig = z.infer<typeof OsvCollectorConfigSchema>;

/** The advisory source a configuration names. */
export function advisorySourceOf(
  config: Pick<OsvCollectorConfig, 'source' | 'advisories'>,
): AdvisorySource {
  if (config.source) return config.source;
  const path = config.advisories!;
  return path.endsWith('.zip')
    ? { type: 'zip', path }
    : { type: 'directory', path };
}

async function* knownVersions(api: {
  baseUrl: string;
  token?: string;
}): AsyncGenerator<string> {
  const client = CockpitClient.forBaseUrl(api);
  for await (const resource of listAllResources(
    client,
    'SoftwareDependencyVersion',
  ))
    yield resource.name;
}

const LOGGED_PROBLEMS = 20;

/** Logs the first problems one by one and the rest as a count, so a bad export cannot flood the log. */
function reportProblems(
  logger: CollectorLogger,
  what: string,
  problems: string[],
) {
  for (const problem of problems.slice(0, LOGGED_PROBLEMS))
    logger.warn(`${what}: ${problem}`);
  if (problems.length > LOGGED_PROBLEMS)
    logger.warn(`${what}: ${problems.length - LOGGED_PROBLEMS} more`);
}

/**
 * Reads advisories from a zip archive or directory into an index of the wanted packages. An
 * advisory that is not JSON or not OSV is skipped and named in `problems`; an unreadable source
 * throws.
 */
export async function loadAdvisoryIndex(options: {
  source: Extract<AdvisorySource, { type: 'zip' | 'directory' }>;
  packages?: Iterable<string>;
  signal?: AbortSignal;
}): Promise<{ index: AdvisoryIndex; problems: string[] }> {
  const index = new AdvisoryIndex({ packages: options.packages });
  const problems: string[] = [];
  const texts: AsyncIterable<AdvisoryText> =
    options.source.type === 'zip'
      ? readAdvisoryZip(options.source.path)
      : readAdvisoryFiles(options.source.path);
  for await (const text of texts) {
    options.signal?.throwIfAborted();
    try {
      for (const advisory of parseAdvisories(text)) index.add(advisory);
    } catch (error) {
      if (!(error instanceof AdvisorySourceError)) throw error;
      problems.push(error.message);
    }
  }
  return { index, problems };
}

/**
 * Asks OSV's API which advisories affect each version, fetches their records and indexes them.
 * Returns what the API answered per package URL too, so that its answer and the local
 * evaluation can be compared.
 */
export async function queryAdvisoryIndex(options: {
  source: Extract<AdvisorySource, { type: 'api' }>;
  purls: string[];
  signal?: AbortSignal;
}): Promise<{ index: AdvisoryIndex; answered: Map<string, string[]> }> {
  const client = new OsvApiClient({
    ...options.source,
    signal: options.signal,
  });
  const queried: { purl: string; query: OsvQuery }[] = [];
  for (const purl of options.purls) {
    const ref = parsePackageUrl(purl);
    const pkg = osvPackageOf(ref);
    if (pkg && ref.version)
      queried.push({ purl, query: { package: pkg, version: ref.version } });
  }
  const ids = await client.queryBatch(queried.map(q => q.query));
  const answered = new Map(queried.map((q, i) => [q.purl, ids[i]]));
  const index = new AdvisoryIndex({ packages: options.purls });
  for (const advisory of await client.vulnerabilities(
    [...new Set(ids.flat())].sort(),
  ))
    index.add(advisory);
  return { index, answered };
}

/**
 * Matches dependency versions against OSV advisories -> a `vulnerabilities` reading on each
 * `SoftwareDependencyVersion` (an empty list when none applies, so a fixed advisory disappears).
 * Advisories come from an `all.zip` export, a directory or OSV's API (`source`); each ecosystem's
 * versions are compared in its own order; one item per vulnerability, whatever number of ids
 * (GHSA, CVE, PYSEC, ...) it has.
 */
export const osvCollector = defineCollector({
  id: 'osv',
  description:
    'Known vulnerabilities of dependency versions from OSV advisories (all.zip, a directory or the OSV API)',
  schedule: 'rate(6 hours)',
  configSchema: OsvCollectorConfigSchema,
  async collect(ctx) {
    const purls = new Set(ctx.config.purls);
    if (ctx.config.api) {
      for await (const purl of knownVersions(ctx.config.api)) purls.add(purl);
    }
    const source = advisorySourceOf(ctx.config);
    let index: AdvisoryIndex;
    let answered: Map<string, string[]> | undefined;
    if (source.type === 'api') {
      ({ index, answered } = await queryAdvisoryIndex({
        source,
        purls: [...purls],
        signal: ctx.signal,
      }));
    } else {
      const loaded = await loadAdvisoryIndex({
        source,
        packages: purls,
        signal: ctx.signal,
      });
      index = loaded.index;
      reportProblems(ctx.logger, 'skipped advisory', loaded.problems);
    }
    const { advisories, withdrawn, packages } = index.stats;
    ctx.logger.info(
      `${advisories} advisories (${withdrawn} withdrawn left out) for ${packages} of the packages checked`,
    );

    let vulnerable = 0;
    const unsupported: string[] = [];
    const unreadable: string[] = [];
    const problems: MatchProblem[] = [];
    const disagreements: string[] = [];
    for (const purl of purls) {
      let match: VersionMatch | undefined;
      try {
        match = index.match(purl);
      } catch (error) {
        if (!(error instanceof UnparsableVersionError)) throw error;
        // nothing is claimed for a version that cannot be compared: no reading rather than a wrong one
        unreadable.push(`${purl}: ${error.message}`);
        continue;
      }
      if (!match) {
        unsupported.push(purl);
        continue;
      }
      problems.push(...match.problems);
      const found = new Set(
        match.items.flatMap(item => [item.id, ...(item.aliases ?? [])]),
      );
      for (const id of answered?.get(purl) ?? []) {
        if (!found.has(id))
          disagreements.push(
            `${purl}: OSV's API lists ${id}, its ranges do not include this version`,
          );
      }
      const version = ctx.resources.softwareDependencyVersion({ purl });
      ctx.readings.vulnerabilities(
        version,
        { items: match.items },
        { collectedAt: ctx.now() },
      );
      if (match.items.length) vulnerable += 1;
    }
    reportProblems(ctx.logger, 'version not checked', unreadable);
    reportProblems(
      ctx.logger,
      'range not evaluated',
      problems.map(p => `${p.purl} against ${p.advisory}: ${p.message}`),
    );
    reportProblems(ctx.logger, 'left out', disagreements);
    ctx.logger.info(
      `${vulnerable} of ${purls.size} versions vulnerable (${unsupported.length} of an ecosystem not matched, ${unreadable.length} unreadable)`,
    );
  },
});
