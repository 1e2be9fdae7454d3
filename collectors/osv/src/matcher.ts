import { parsePackageUrl } from '@cockpit/plugin-cockpit-common';
import { severityOf, OsvAdvisory } from './advisory';
import { AliasGroups } from './aliases';
import { osvPackageOf, packageKey } from './osvPackages';
import {
  cachedComparator,
  evaluateRange,
  semverOrder,
  UnparsableVersionError,
  VersionComparator,
  versionOrderOf,
} from './versions';
import {
  AffectedHit,
  IndexedAdvisory,
  IndexedAffected,
  VulnerabilityItem,
  vulnerabilityItems,
} from './vulnerabilityItems';

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
    const hits: AffectedHit[] = [];
    for (const affected of this.byPackage.get(
      packageKey(pkg.ecosystem, pkg.name),
    ) ?? []) {
      const hit = this.hitOf(affected, {
        purl,
        version,
        ecosystem: pkg.ecosystem,
        compare,
        problems,
      });
      if (hit) hits.push(hit);
    }
    return {
      items: vulnerabilityItems(hits, this.aliases, compare),
      problems,
    };
  }

  /**
   * Whether an entry affects the version: listed among its versions, or in one of its ranges
   * (a range that cannot be evaluated is added to `problems`, not claimed).
   */
  private hitOf(
    affected: IndexedAffected,
    match: {
      purl: string;
      version: string;
      ecosystem: string;
      compare: VersionComparator;
      problems: MatchProblem[];
    },
  ): AffectedHit | undefined {
    const { purl, version, compare } = match;
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
        range.type === 'SEMVER' ? 'SEMVER' : match.ecosystem,
      )!;
      try {
        const result = evaluateRange(version, range.events, rangeCompare);
        if (result.affected) {
          hit = true;
          if (result.fixedIn) fixedIn.push(result.fixedIn);
        }
      } catch (error) {
        if (!(error instanceof UnparsableVersionError)) throw error;
        match.problems.push({
          purl,
          advisory: affected.advisory.id,
          message: `${range.type} range: ${error.message}`,
        });
      }
    }
    return hit ? { affected, fixedIn } : undefined;
  }
}
