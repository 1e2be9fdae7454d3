import {
  CollectorContext,
  CollectorLogger,
  defineCollector,
  listAllResources,
} from '@cockpit/collector-sdk';
import { CockpitClient } from '@cockpit/plugin-cockpit-common';
import {
  advisorySourceOf,
  OsvCollectorConfig,
  OsvCollectorConfigSchema,
} from './config';
import { loadAdvisoryIndex, queryAdvisoryIndex } from './loadAdvisories';
import { AdvisoryIndex, MatchProblem, VersionMatch } from './matcher';
import { UnparsableVersionError } from './versions';

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

type Ctx = CollectorContext<OsvCollectorConfig>;

/** The index of the advisories about the versions, from the configured source, and what OSV's API answered when it is the source. */
async function advisoryIndexFor(
  ctx: Ctx,
  purls: Set<string>,
): Promise<{ index: AdvisoryIndex; answered?: Map<string, string[]> }> {
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
  return { index, answered };
}

/**
 * A `vulnerabilities` reading on each version the index can match; versions it cannot read,
 * ranges it could not evaluate and the API's ids the ranges do not confirm are logged.
 */
function publishMatches(
  ctx: Ctx,
  index: AdvisoryIndex,
  purls: Set<string>,
  answered: Map<string, string[]> | undefined,
) {
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
    const { index, answered } = await advisoryIndexFor(ctx, purls);
    publishMatches(ctx, index, purls, answered);
  },
});
