import {
  MAX_VALUE_BYTES,
  utf8ByteLength,
} from '@cockpit/plugin-cockpit-common';

const LOWER_U = 0x75;
const BACKSLASH = 0x5c;

/** A UTF-16 surrogate with no partner next to it: PostgreSQL cannot store one. */
export const LONE_SURROGATE =
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ANY_SURROGATE = /[\ud800-\udfff]/;

/**
 * Whether JSON text that `JSON.parse` accepted can be handed to PostgreSQL as it is, every
 * string in it stored exactly as JSON.parse reads it. It cannot when it holds a `\u0000`
 * escape or a surrogate without its partner, raw or escaped (jsonb refuses them), or an
 * escaped surrogate paired with a raw one (JSON.parse joins the two, jsonb refuses the text).
 * Surrogate pairs written both raw or both escaped (emoji) are fine.
 *
 * Exact, not a heuristic: a text it passes has nothing the sink must quarantine for its
 * strings, so the caller may skip the walk over the parsed values that looks for them.
 */
export function isStorableJsonText(text: string): boolean {
  if (ANY_SURROGATE.test(text)) {
    LONE_SURROGATE.lastIndex = 0;
    if (LONE_SURROGATE.test(text)) return false;
  }
  // In text JSON.parse accepted, a backslash only starts an escape, of two characters or of
  // six (`\uXXXX`), so walking from one escape to the next reads every escape exactly once.
  let at = text.indexOf('\\');
  while (at !== -1) {
    if (text.charCodeAt(at + 1) !== LOWER_U) {
      at = text.indexOf('\\', at + 2);
      continue;
    }
    const unit = parseInt(text.slice(at + 2, at + 6), 16);
    if (unit === 0 || isLowSurrogate(unit)) return false;
    if (isHighSurrogate(unit)) {
      const pairedWithEscape =
        text.charCodeAt(at + 6) === BACKSLASH &&
        text.charCodeAt(at + 7) === LOWER_U &&
        isLowSurrogate(parseInt(text.slice(at + 8, at + 12), 16));
      if (!pairedWithEscape) return false;
      at = text.indexOf('\\', at + 12);
      continue;
    }
    at = text.indexOf('\\', at + 6);
  }
  return true;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/**
 * The UTF-8 size of a value's JSON when it is over {@link MAX_VALUE_BYTES}, else undefined.
 * UTF-8 takes at most 3 bytes per UTF-16 unit: bytes are counted only when it could matter.
 */
export function bytesOverLimit(json: string): number | undefined {
  if (json.length * 3 <= MAX_VALUE_BYTES) return undefined;
  const bytes = utf8ByteLength(json);
  return bytes > MAX_VALUE_BYTES ? bytes : undefined;
}

/**
 * How many of `[` and `{` the text holds (inside strings too), counting no further than
 * `atLeast`: an upper bound of its nesting depth.
 */
export function countOpeningBrackets(text: string, atLeast: number): number {
  let count = 0;
  for (const bracket of ['[', '{']) {
    for (
      let at = text.indexOf(bracket);
      at !== -1 && count < atLeast;
      at = text.indexOf(bracket, at + 1)
    ) {
      count++;
    }
  }
  return count;
}

const NUL = '\u0000';

function isUnstorable(text: string): boolean {
  LONE_SURROGATE.lastIndex = 0;
  return text.includes(NUL) || LONE_SURROGATE.test(text);
}

/**
 * The path of the first string (key or value) PostgreSQL text/jsonb cannot hold, if any.
 * Iterative: the message passed the depth check, but nothing here relies on it.
 */
export function findUnstorableString(
  value: unknown,
  path: string,
): string | undefined {
  const stack: Array<{ value: unknown; path: string }> = [{ value, path }];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (typeof next.value === 'string') {
      if (isUnstorable(next.value)) return next.path;
    } else if (next.value !== null && typeof next.value === 'object') {
      const entries = Object.entries(next.value);
      const badKey = entries.find(([key]) => isUnstorable(key));
      if (badKey) return `${next.path}.${badKey[0]}`;
      // Pushed in reverse, so that fields are visited in document order.
      for (let i = entries.length - 1; i >= 0; i--) {
        stack.push({
          value: entries[i][1],
          path: `${next.path}.${entries[i][0]}`,
        });
      }
    }
  }
  return undefined;
}

/** Whether a parsed JSON value holds Infinity or -Infinity anywhere. Iterative. */
export function hasNonFiniteNumber(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (typeof next === 'number') {
      if (!Number.isFinite(next)) return true;
    } else if (next !== null && typeof next === 'object') {
      for (const child of Object.values(next)) stack.push(child);
    }
  }
  return false;
}
