import { compareValues } from './compare';

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
