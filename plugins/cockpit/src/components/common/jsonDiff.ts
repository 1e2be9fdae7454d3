import { create, type Delta } from 'jsondiffpatch';

/**
 * The JSON differ of the UI (jsondiffpatch): array items are matched by their `id` or
 * `name` when they have one (a vulnerability list, a dependency list), else by position.
 */
export const differ = create({
  objectHash: (item: object, index?: number) => {
    const keyed = item as { id?: unknown; name?: unknown };
    if (typeof keyed.id === 'string') return keyed.id;
    if (typeof keyed.name === 'string') return keyed.name;
    return `$$index:${index}`;
  },
  arrays: { detectMove: false },
});

/** The jsondiffpatch delta from one value to another; undefined when they are equal. */
export function diffValues(before: unknown, after: unknown): Delta {
  return differ.diff(before ?? null, after ?? null);
}

const SHORT = 60;

/** A value in a few characters: strings bare, the rest as JSON, cut at 60 characters. */
export function shortValue(value: unknown): string {
  if (value === undefined || value === null) return 'none';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > SHORT ? `${text.slice(0, SHORT - 1)}…` : text;
}

/**
 * One line per top-level field that changed, read from jsondiffpatch's delta
 * (`[after]` added, `[before, after]` modified, `[before, 0, 0]` removed, an object or
 * array delta for a nested change): `version: 1.76.98 → 1.77.5`, `+image: ...`, `-region`,
 * `vulnerabilities: changed inside`. A value that is not an object gives one line.
 *
 * @example
 * summarizeChange({ version: '1.0' }, { version: '1.1' }) // ['version: 1.0 → 1.1']
 */
export function summarizeChange(before: unknown, after: unknown): string[] {
  if (before === null || before === undefined) {
    return [`created: ${shortValue(after)}`];
  }
  if (after === null || after === undefined) return ['deleted'];
  const delta = diffValues(before, after);
  if (delta === undefined) return ['no difference'];
  if (Array.isArray(delta)) {
    return [`${shortValue(before)} → ${shortValue(after)}`];
  }
  if ((delta as { _t?: string })._t === 'a') {
    const count = (value: unknown) => (Array.isArray(value) ? value.length : 0);
    return [`list changed: ${count(before)} → ${count(after)} items`];
  }
  return Object.entries(delta as Record<string, Delta>).map(([field, d]) => {
    if (!Array.isArray(d)) return `${field}: changed inside`;
    if (d.length === 1) return `+${field}: ${shortValue(d[0])}`;
    if (d.length === 3 && d[1] === 0 && d[2] === 0) return `-${field}`;
    return `${field}: ${shortValue(d[0])} → ${shortValue(d[1])}`;
  });
}
