const QUOTE = 0x22;
const LOWER_U = 0x75;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Finds where each message's `value` sits in the JSON text of a publish batch, so that the
 * sink can hand PostgreSQL the value's own text instead of serializing the parsed value again.
 *
 * The text must be one that `JSON.parse` accepted: this is a scanner of valid JSON, not a
 * validator. It returns, per message index, `[start, end)` of the value's text (-1 when that
 * message has no unambiguous value: not an object, no `value` key, a key written with escapes,
 * or `value` given twice), or `undefined` when the batch's layout is not the plain one (a
 * top-level key with escapes, `messages` given twice). The caller serializes what it cannot
 * slice, so an unusual text costs time, never correctness.
 */
export function findValueSpans(
  text: string,
  messageCount: number,
): Int32Array | undefined {
  const spans = new Int32Array(messageCount * 2).fill(-1);
  let depth = 0;
  // Where the scan is: in the messages array (depth 2), in message `index` (depth 3).
  let inMessages = false;
  let messagesSeen = false;
  let index = -1;
  let ambiguous = false;
  // Set after a key at depth 1 or 3, until its value has been entered.
  let pendingKey: string | undefined;
  let valueStart = -1;

  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      const isKey = nextNonSpace(text, end + 1) === COLON;
      if (isKey && (depth === 1 || (depth === 3 && inMessages))) {
        const key = text.slice(i + 1, end);
        if (key.includes('\\')) {
          if (depth === 1) return undefined;
          ambiguous = true;
        }
        pendingKey = key;
      }
      i = end;
      continue;
    }
    if (c === COLON) {
      if (pendingKey !== undefined) {
        if (depth === 1 && pendingKey === 'messages') {
          if (messagesSeen) return undefined;
          messagesSeen = true;
          inMessages = true;
        } else if (depth === 3 && pendingKey === 'value') {
          if (valueStart !== -1 || spans[index * 2] !== -1) ambiguous = true;
          valueStart = nextNonSpaceIndex(text, i + 1);
        }
        pendingKey = undefined;
      }
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth === 2 && inMessages && c === OPEN_BRACKET) index = 0;
      else if (depth === 2 && inMessages) inMessages = false; // `messages` is not an array
      continue;
    }
    if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth === 3 && inMessages) closeValue(i);
      if (depth === 3 && inMessages && c === CLOSE_BRACE) {
        if (ambiguous && index < messageCount) {
          spans[index * 2] = -1;
          spans[index * 2 + 1] = -1;
        }
        ambiguous = false;
      }
      if (depth === 2 && inMessages) inMessages = false;
      depth--;
      continue;
    }
    if (c === COMMA) {
      if (depth === 3 && inMessages) closeValue(i);
      else if (depth === 2 && inMessages) index++;
    }
  }
  return messagesSeen ? spans : undefined;

  function closeValue(at: number) {
    if (valueStart === -1) return;
    let end = at;
    while (end > valueStart && isSpace(text.charCodeAt(end - 1))) end--;
    if (index >= 0 && index < messageCount) {
      spans[index * 2] = valueStart;
      spans[index * 2 + 1] = end;
    }
    valueStart = -1;
  }
}

/** Index of the quote that closes the string opened at `start`. */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (end !== -1) {
    let backslashes = 0;
    for (let j = end - 1; text.charCodeAt(j) === BACKSLASH; j--) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  throw new Error('unterminated string: the text is not valid JSON');
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function nextNonSpaceIndex(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

function nextNonSpace(text: string, from: number): number {
  return text.charCodeAt(nextNonSpaceIndex(text, from));
}

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
