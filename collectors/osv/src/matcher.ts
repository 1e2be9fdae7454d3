import {
  PackageRef,
  parsePackageUrl,
  SEVERITIES,
  Severity,
} from '@cockpit/plugin-cockpit-common';
import { compareValues } from './compare';
import { AdvisorySeverity, OsvAdvisory, severityOf } from './advisory';
import {
  cachedComparator,
  evaluateRange,
  OsvRangeEvent,
  semverOrder,
  UnparsableVersionError,
  VersionComparator,
  versionOrderOf,
} from './versions';

/** One item of a `vulnerabilities` reading: one vulnerability, however many ids it goes by. */
export type VulnerabilityItem = {
  /** The canonical id of the vulnerability's alias group (see `AliasGroups.canonicalId`). */
  id: string;
  severity: Severity;
  summary: string;
  fixedIn?: string[];
  /** The group's other ids, sorted. */
  aliases?: string[];
  score?: number;
  cvss?: string;
  severitySource?: 'DATABASE' | 'CVSS';
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
  hex: 'Hex',
  pub: 'Pub',
};

/** How an ecosystem compares package names (PEP 503 for PyPI; NuGet and Composer ignore case). */
function packageKey(ecosystem: string, name: string): string {
  const base = ecosystem.split(':')[0];
  if (base === 'PyPI')
    return `${base}\n${name.toLowerCase().replace(/[-_.]+/g, '-')}`;
  if (base === 'NuGet' || base === 'Packagist')
    return `${base}\n${name.toLowerCase()}`;
  return `${base}\n${name}`;
}

/** The OSV ecosystem and package name of a package URL, or undefined for a type this collector does not match. */
export function osvPackageOf(
  ref: PackageRef,
): { ecosystem: string; name: string } | undefined {
  const ecosystem = PURL_TYPE_TO_ECOSYSTEM[ref.type];
  if (!ecosystem) return undefined;
  if (!ref.namespace) return { ecosystem, name: ref.name };
  if (ecosystem === 'Maven')
    return { ecosystem, name: `${ref.namespace}:${ref.name}` };
  return { ecosystem, name: `${ref.namespace}/${ref.name}` };
}

// CVE ids are what every database agrees on; then GitHub's, then the rest
const ID_PREFERENCE = [/^CVE-/, /^GHSA-/];

function preference(id: string): number {
  const index = ID_PREFERENCE.findIndex(pattern => pattern.test(id));
  return index === -1 ? ID_PREFERENCE.length : index;
}

/**
 * The alias groups of a set of advisories: ids linked by any advisory's `aliases` (transitively)
 * are one vulnerability. Each group has one canonical id, chosen by a fixed rule so that every
 * version, every run and every deployment names the vulnerability alike: a CVE id first, then a
 * GHSA id, then any other; the smallest id among equals.
 */
export class AliasGroups {
  private readonly parent = new Map<string, string>();
  private members?: Map<string, string[]>;

  private root(id: string): string {
    let current = id;
    for (;;) {
      const up = this.parent.get(current);
      if (up === undefined || up === current) break;
      current = up;
    }
    // path compression
    let walk = id;
    while (walk !== current) {
      const up = this.parent.get(walk)!;
      this.parent.set(walk, current);
      walk = up;
    }
    return current;
  }

  /** Records that an advisory's id and its aliases name one vulnerability. */
  add(id: string, aliases: readonly string[]) {
    this.members = undefined;
    if (!this.parent.has(id)) this.parent.set(id, id);
    for (const alias of aliases) {
      if (!this.parent.has(alias)) this.parent.set(alias, alias);
      const a = this.root(id);
      const b = this.root(alias);
      if (a !== b) this.parent.set(b, a);
    }
  }

  private groups(): Map<string, string[]> {
    if (!this.members) {
      const members = new Map<string, string[]>();
      for (const id of this.parent.keys()) {
        const root = this.root(id);
        const list = members.get(root) ?? [];
        list.push(id);
        members.set(root, list);
      }
      for (const list of members.values()) {
        list.sort(
          (a, b) => preference(a) - preference(b) || compareValues(a, b),
        );
      }
      this.members = members;
    }
    return this.members;
  }

  /** Every id of the group of `id`, canonical first. */
  group(id: string): string[] {
    return this.parent.has(id) ? this.groups().get(this.root(id))! : [id];
  }

  /** The canonical id of the group of `id`. */
  canonicalId(id: string): string {
    return this.group(id)[0];
  }
}

interface IndexedAdvisory {
  id: string;
  summary: string;
}

interface IndexedAffected {
  advisory: IndexedAdvisory;
  severity: AdvisorySeverity;
  ranges: { type: string; events: OsvRangeEvent[] }[];
  versions?: string[];
}

/** A problem met while matching (a version an order cannot read): the version matched, nothing was claimed for it. */
export interface MatchProblem {
  purl: string;
  advisory?: string;
  message: string;
}

/** The result of matching one package version. */
export interface VersionMatch {
  /** One item per vulnerability (alias group), highest severity first, then by id. */
  items: VulnerabilityItem[];
  /** Ranges that could not be evaluated (their advisory is left out of `items`). */
  problems: MatchProblem[];
}

const SOURCE_RANK = { DATABASE: 0, CVSS: 1, NONE: 2 };

function summaryOf(advisory: OsvAdvisory): string {
  const summary = advisory.summary?.trim();
  if (summary) return summary;
  const firstLine = advisory.details?.trim().split('\n')[0]?.trim();
  return firstLine || advisory.id;
}

/**
 * An index of OSV advisories by ecosystem and package, matching package versions in each
 * ecosystem's own version order. Withdrawn advisories are left out; only the fields matching
 * needs are kept, so a large export fits in little memory.
 */
export class AdvisoryIndex {
  private readonly byPackage = new Map<string, IndexedAffected[]>();
  private readonly comparators = new Map<string, VersionComparator>();
  /** The alias groups of every advisory added. */
  readonly aliases = new AliasGroups();
  private readonly wanted?: Set<string>;
  private count = 0;
  private withdrawnCount = 0;

  /**
   * @param options.packages when given, only advisories' entries about these packages are kept
   * (package URLs, with or without version); alias groups are still built from every advisory.
   */
  constructor(options: { packages?: Iterable<string> } = {}) {
    if (options.packages) {
      this.wanted = new Set();
      for (const purl of options.packages) {
        const pkg = osvPackageOf(parsePackageUrl(purl));
        if (pkg) this.wanted.add(packageKey(pkg.ecosystem, pkg.name));
      }
    }
  }

  /** Adds one advisory. */
  add(advisory: OsvAdvisory) {
    this.aliases.add(advisory.id, advisory.aliases ?? []);
    if (advisory.withdrawn) {
      this.withdrawnCount += 1;
      return;
    }
    this.count += 1;
    const indexed: IndexedAdvisory = {
      id: advisory.id,
      summary: summaryOf(advisory),
    };
    for (const entry of advisory.affected ?? []) {
      if (!entry.package) continue;
      const key = packageKey(entry.package.ecosystem, entry.package.name);
      if (this.wanted && !this.wanted.has(key)) continue;
      const list = this.byPackage.get(key) ?? [];
      list.push({
        advisory: indexed,
        severity: severityOf(advisory, entry),
        ranges: (entry.ranges ?? []).filter(range => range.type !== 'GIT'),
        ...(entry.versions?.length ? { versions: entry.versions } : {}),
      });
      this.byPackage.set(key, list);
    }
  }

  /** Advisories added (not withdrawn), withdrawn advisories left out, and packages with advisories. */
  get stats() {
    return {
      advisories: this.count,
      withdrawn: this.withdrawnCount,
      packages: this.byPackage.size,
    };
  }

  private comparator(name: string): VersionComparator | undefined {
    let compare = this.comparators.get(name);
    if (!compare) {
      const order = name === 'SEMVER' ? semverOrder : versionOrderOf(name);
      if (!order) return undefined;
      compare = cachedComparator(order);
      this.comparators.set(name, compare);
    }
    return compare;
  }

  /**
   * The vulnerabilities of one package version, or undefined for a package URL without version
   * or of an ecosystem whose version order this collector does not know.
   *
   * @throws UnparsableVersionError when the version itself does not parse in its ecosystem's order
   * @example
   * index.match('pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1')?.items[0].id // 'CVE-2021-44228'
   */
  match(purl: string): VersionMatch | undefined {
    const ref = parsePackageUrl(purl);
    const pkg = osvPackageOf(ref);
    if (!pkg || !ref.version) return undefined;
    const version = ref.version;
    const compare = this.comparator(pkg.ecosystem)!;
    compare(version, version); // refuses a version its ecosystem cannot read, before anything is claimed
    const problems: MatchProblem[] = [];
    const hits: { affected: IndexedAffected; fixedIn: string[] }[] = [];
    for (const affected of this.byPackage.get(
      packageKey(pkg.ecosystem, pkg.name),
    ) ?? []) {
      let hit = false;
      const fixedIn: string[] = [];
      try {
        hit =
          affected.versions?.some(
            listed => listed === version || compare(listed, version) === 0,
          ) ?? false;
      } catch (error) {
        if (!(error instanceof UnparsableVersionError)) throw error;
        hit = affected.versions!.includes(version);
      }
      for (const range of affected.ranges) {
        const rangeCompare = this.comparator(
          range.type === 'SEMVER' ? 'SEMVER' : pkg.ecosystem,
        )!;
        try {
          const result = evaluateRange(version, range.events, rangeCompare);
          if (result.affected) {
            hit = true;
            if (result.fixedIn) fixedIn.push(result.fixedIn);
          }
        } catch (error) {
          if (!(error instanceof UnparsableVersionError)) throw error;
          problems.push({
            purl,
            advisory: affected.advisory.id,
            message: `${range.type} range: ${error.message}`,
          });
        }
      }
      if (hit) hits.push({ affected, fixedIn });
    }
    return { items: this.itemsOf(hits, compare), problems };
  }

  private itemsOf(
    hits: { affected: IndexedAffected; fixedIn: string[] }[],
    compare: VersionComparator,
  ): VulnerabilityItem[] {
    const byGroup = new Map<string, typeof hits>();
    for (const hit of hits) {
      const id = this.aliases.canonicalId(hit.affected.advisory.id);
      byGroup.set(id, [...(byGroup.get(id) ?? []), hit]);
    }
    const items: VulnerabilityItem[] = [];
    for (const [id, group] of byGroup) {
      // a database's own rating leads, then a CVSS score; the most severe among equals
      const lead = [...group].sort(
        (a, b) =>
          SOURCE_RANK[a.affected.severity.source ?? 'NONE'] -
            SOURCE_RANK[b.affected.severity.source ?? 'NONE'] ||
          SEVERITIES.indexOf(a.affected.severity.severity) -
            SEVERITIES.indexOf(b.affected.severity.severity) ||
          (a.affected.advisory.id < b.affected.advisory.id ? -1 : 1),
      )[0];
      const { severity, source, cvss } = lead.affected.severity;
      const fixedIn = [...new Set(group.flatMap(hit => hit.fixedIn))].sort(
        (a, b) => {
          try {
            return compare(a, b);
          } catch {
            return a < b ? -1 : 1;
          }
        },
      );
      const aliases = this.aliases.group(id).filter(alias => alias !== id);
      items.push({
        id,
        severity,
        summary: lead.affected.advisory.summary,
        ...(fixedIn.length ? { fixedIn } : {}),
        ...(aliases.length ? { aliases } : {}),
        ...(cvss ? { score: cvss.score, cvss: cvss.vector } : {}),
        ...(source ? { severitySource: source } : {}),
        url: `https://osv.dev/vulnerability/${lead.affected.advisory.id}`,
      });
    }
    return items.sort(
      (a, b) =>
        SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
        compareValues(a.id, b.id),
    );
  }
}
