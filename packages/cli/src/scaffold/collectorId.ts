import { COLLECTOR_ID_PATTERN } from '@cockpit/collector-sdk';

/** npm's longest package name. */
const MAX_PACKAGE_NAME_LENGTH = 214;

/** The npm name of the package of a collector. */
export function collectorPackageName(id: string): string {
  return `@cockpit/collector-${id}`;
}

/** A valid id close to an invalid one, e.g. `Bad_Id` -> `bad-id`. */
function suggestion(id: string): string {
  return id
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Why an id cannot name a new collector package, or undefined when it can. */
export function invalidIdReason(id: string): string | undefined {
  if (!id) return 'the id is empty';
  if (/[A-Z]/.test(id)) {
    return `"${id}" has upper-case letters; package names and collector ids are lower case (try "${suggestion(
      id,
    )}")`;
  }
  if (!COLLECTOR_ID_PATTERN.test(id)) {
    const bad = [...new Set(id.replace(/[a-z0-9-]/g, ''))].map(c =>
      JSON.stringify(c),
    );
    if (bad.length > 0) {
      return `"${id}" holds ${bad.join(
        ', ',
      )}; a collector id (and its package name) takes lower-case letters, digits and dashes only (try "${suggestion(
        id,
      )}")`;
    }
    if (id.startsWith('-'))
      return `"${id}" starts with a dash; start with a letter or digit`;
    return `"${id}" is longer than the 200 characters of a collector id`;
  }
  const packageName = collectorPackageName(id);
  if (packageName.length > MAX_PACKAGE_NAME_LENGTH) {
    return `the package name ${packageName} would be ${packageName.length} characters; npm allows ${MAX_PACKAGE_NAME_LENGTH}`;
  }
  return undefined;
}
