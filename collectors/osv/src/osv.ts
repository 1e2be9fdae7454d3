import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { defineCollector } from '@cockpit/collector-sdk';
import {
  CockpitClient,
  PackageRef,
  parsePackageUrl,
  SEVERITIES,
  Severity,
} from '@cockpit/plugin-cockpit-common';
import { cvss3BaseScore, severityOfScore } from './cvss';
import { comparatorFor, evaluateRange, OsvRangeEvent } from './versions';

/** The part of an OSV advisory (https://ossf.github.io/osv-schema/) this collector reads. */
export interface OsvAdvisory {
  id: string;
  summary?: string;
  details?: string;
  aliases?: string[];
  withdrawn?: string;
  severity?: { type: string; score: string }[];
  affected?: {
    package?: { ecosystem: string; name: string; purl?: string };
    ranges?: { type: 'ECOSYSTEM' | 'SEMVER' | 'GIT'; events: OsvRangeEvent[] }[];
    versions?: string[];
    database_specific?: { severity?: string };
    ecosystem_specific?: { severity?: string };
  }[];
  database_specific?: { severity?: string };
}

/** One item of a `vulnerabilities` reading. */
export type VulnerabilityItem = {
  id: string;
  severity: Severity;
  summary: string;
  fixedIn?: string[];
  aliases?: string[];
  url: string;
};

const PURL_TYPE_TO_ECOSYSTEM: Record<string, string> = {
  maven: 'Maven',
  npm: 'npm',
  golang: 'Go',
  pypi: 'PyPI',
  nuget: 'NuGet',
  gem: 'RubyGems',
  cargo: 'crates.io',
  composer: 'Packagist',
};

/** The OSV ecosystem and package name of a package URL, or undefined for an unsupported type. */
export function osvPackageOf(ref: PackageRef): { ecosystem: string; name: string } | undefined {
  const ecosystem = PURL_TYPE_TO_ECOSYSTEM[ref.type];
  if (!ecosystem) return undefined;
  if (!ref.namespace) return { ecosystem, name: ref.name };
  if (ecosystem === 'Maven') return { ecosystem, name: `${ref.namespace}:${ref.name}` };
  return { ecosystem, name: `${ref.namespace}/${ref.name}` };
}

const GITHUB_SEVERITY: Record<string, Severity> = { MODERATE: 'MEDIUM' };

function normalizeSeverity(text: string | undefined): Severity | undefined {
  if (!text) return undefined;
  const upper = text.toUpperCase();
  if (GITHUB_SEVERITY[upper]) return GITHUB_SEVERITY[upper];
  return (SEVERITIES as readonly string[]).includes(upper) ? (upper as Severity) : undefined;
}

/** The severity of an advisory: the database's rating, else the CVSS v3 vector's score, else UNKNOWN. */
export function severityOf(advisory: OsvAdvisory, affected?: NonNullable<OsvAdvisory['affected']>[number]): Severity {
  const stated =
    normalizeSeverity(affected?.database_specific?.severity) ??
    normalizeSeverity(affected?.ecosystem_specific?.severity) ??
    normalizeSeverity(advisory.database_specific?.severity);
  if (stated) return stated;
  for (const entry of advisory.severity ?? []) {
    const score = entry.type.startsWith('CVSS_V3') ? cvss3BaseScore(entry.score) : undefined;
    if (score !== undefined) return severityOfScore(score);
  }
  return 'UNKNOWN';
}

/** An index of advisories by ecosystem and package name. */
export class AdvisoryIndex {
  private readonly byPackage = new Map<string, { advisory: OsvAdvisory; affected: NonNullable<OsvAdvisory['affected']>[number] }[]>();

  constructor(advisories: Iterable<OsvAdvisory>) {
    for (const advisory of advisories) {
      if (advisory.withdrawn) continue;
      for (const affected of advisory.affected ?? []) {
        if (!affected.package) continue;
        const key = `${affected.package.ecosystem}\n${affected.package.name}`;
        const list = this.byPackage.get(key) ?? [];
        list.push({ advisory, affected });
        this.byPackage.set(key, list);
      }
    }
  }

  get packageCount() {
    return this.byPackage.size;
  }

  /** The advisories affecting one package version, highest severity first. */
  match(purl: string): VulnerabilityItem[] | undefined {
    const ref = parsePackageUrl(purl);
    const pkg = osvPackageOf(ref);
    if (!pkg || !ref.version) return undefined;
    const compare = comparatorFor(pkg.ecosystem);
    const items = new Map<string, VulnerabilityItem>();
    for (const { advisory, affected } of this.byPackage.get(`${pkg.ecosystem}\n${pkg.name}`) ?? []) {
      let hit = affected.versions?.includes(ref.version) ?? false;
      const fixedIn = new Set<string>();
      for (const range of affected.ranges ?? []) {
        if (range.type === 'GIT') continue;
        const result = evaluateRange(ref.version, range.events, compare);
        if (result.affected) {
          hit = true;
          if (result.fixedIn) fixedIn.add(result.fixedIn);
        }
      }
      if (!hit) continue;
      const previous = items.get(advisory.id);
      items.set(advisory.id, {
        id: advisory.id,
        severity: severityOf(advisory, affected),
        summary: advisory.summary ?? advisory.details?.split('\n')[0] ?? advisory.id,
        ...(fixedIn.size || previous?.fixedIn ? { fixedIn: [...new Set([...(previous?.fixedIn ?? []), ...fixedIn])] } : {}),
        ...(advisory.aliases?.length ? { aliases: advisory.aliases } : {}),
        url: `https://osv.dev/vulnerability/${advisory.id}`,
      });
    }
    return [...items.values()].sort(
      (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.id.localeCompare(b.id),
    );
  }
}

/** Reads advisories from an OSV export: a directory of `*.json` (one advisory each), or one file (an advisory or an array). */
export async function loadAdvisories(path: string): Promise<OsvAdvisory[]> {
  const info = await stat(path);
  const files = info.isDirectory()
    ? (await readdir(path)).filter(f => f.endsWith('.json')).sort().map(f => join(path, f))
    : [path];
  const advisories: OsvAdvisory[] = [];
  for (const file of files) {
    const parsed = JSON.parse(await readFile(file, 'utf8'));
    advisories.push(...(Array.isArray(parsed) ? parsed : [parsed]));
  }
  return advisories;
}

/** Configuration: where the advisories are and which versions to check. */
export const OsvCollectorConfigSchema = z
  .object({
    /** An OSV export: a directory of advisories (e.g. an unzipped `all.zip` of an ecosystem) or one file. */
    advisories: z.string().min(1),
    /** Package URLs with version to check. */
    purls: z.array(z.string().startsWith('pkg:')).default([]),
    /** Or every `SoftwareDependencyVersion` known to Cockpit, read through its REST API. */
    api: z.object({ baseUrl: z.string().url(), token: z.string().optional() }).optional(),
  })
  .refine(c => c.purls.length > 0 || c.api, { message: 'set purls or api' });

async function* knownVersions(api: { baseUrl: string; token?: string }): AsyncGenerator<string> {
  const client = CockpitClient.forBaseUrl(api);
  let cursor: string | undefined;
  do {
    const page = await client.listResources({ type: 'SoftwareDependencyVersion', limit: 500, cursor });
    for (const resource of page.items) yield resource.name;
    cursor = page.nextCursor;
  } while (cursor);
}

/**
 * Matches dependency versions against OSV advisories from a local export -> a `vulnerabilities`
 * reading on each `SoftwareDependencyVersion` (an empty list when none applies, so a fixed
 * advisory disappears).
 */
export const osvCollector = defineCollector({
  id: 'osv',
  description: 'Known vulnerabilities of dependency versions from an OSV export',
  schedule: 'rate(6 hours)',
  configSchema: OsvCollectorConfigSchema,
  async collect(ctx) {
    const index = new AdvisoryIndex(await loadAdvisories(ctx.config.advisories));
    ctx.logger.info(`loaded advisories for ${index.packageCount} packages`);
    const purls = new Set(ctx.config.purls);
    if (ctx.config.api) {
      for await (const purl of knownVersions(ctx.config.api)) purls.add(purl);
    }
    let vulnerable = 0;
    let unsupported = 0;
    for (const purl of purls) {
      const items = index.match(purl);
      if (!items) {
        unsupported += 1;
        continue;
      }
      const version = ctx.resources.softwareDependencyVersion({ purl });
      ctx.readings.vulnerabilities(version, { items }, { collectedAt: ctx.now() });
      if (items.length) vulnerable += 1;
    }
    ctx.logger.info(`${vulnerable} of ${purls.size} versions vulnerable (${unsupported} of an unsupported ecosystem)`);
  },
});
