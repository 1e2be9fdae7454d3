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
