import { parsePackageUrl } from '@cockpit/plugin-cockpit-common';
import type { AdvisorySource } from './config';
import { AdvisorySourceError } from './errors';
import { AdvisoryIndex } from './matcher';
import { OsvApiClient, OsvQuery } from './osvApi';
import { osvPackageOf } from './osvPackages';
import { AdvisoryText, parseAdvisories, readAdvisoryFiles } from './sources';
import { readAdvisoryZip } from './zipSource';

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
