import { PackageRef } from '@cockpit/plugin-cockpit-common';

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
export function packageKey(ecosystem: string, name: string): string {
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
