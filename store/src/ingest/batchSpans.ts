const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Where the parts of a publish batch sit in its JSON text, as `[start, end)` pairs per
 * message index (`spans[i * 2]`, `spans[i * 2 + 1]`; -1 where there is none).
 */
export interface BatchSpans {
  /** Each element of `messages`, exactly as received: the text a rejection keeps. */
  messages: Int32Array;
  /**
   * Each message's `value`: the text sent to PostgreSQL instead of serializing the parsed
   * value again. -1 when the message is not an object, has no `value`, or gives it twice.
   */
  values: Int32Array;
}

/**
 * Finds each message and each message's `value` in the JSON text of a publish batch, so
 * that rejections keep a message as it was received and values are stored as they were
 * sent, never serialized again from the parsed object.
 *
 * The text must be one that `JSON.parse` accepted: this is a scanner of valid JSON, not a
 * validator. It reads keys as JSON.parse does (escapes decoded; the last of repeated
 * `messages` keys wins), and iterates, so it is safe at any depth. Returns `undefined` when
 * the top level is not an object with a `messages` array.
 */
// Long because it is one pass over every byte the sink ingests (the hot path of `yarn
// bench:sink`): the scanner's state lives in local variables of one loop, where V8 keeps it
// in registers; split into functions, the state would move to an object read per character.
export function findBatchSpans(
  text: string,
  messageCount: number,
): BatchSpans | undefined {
  const messages = new Int32Array(messageCount * 2).fill(-1);
  const values = new Int32Array(messageCount * 2).fill(-1);
  let depth = 0;
  // Where the scan is: in the messages array (depth 2), in message `index` (depth 3).
  let inMessages = false;
  let messagesSeen = false;
  let index = -1;
  let messageStart = -1;
  let valueRepeated = false;
  // Set after a key at depth 1 or 3, until its value has been entered.
  let pendingKey: string | undefined;
  let valueStart = -1;

  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (depth === 2 && inMessages && messageStart === -1) messageStart = i;
      if (depth === 1 || (depth === 3 && inMessages)) {
        if (nextNonSpace(text, end + 1) === COLON) {
          const raw = text.slice(i + 1, end);
          pendingKey = raw.includes('\\')
            ? (JSON.parse(text.slice(i, end + 1)) as string)
            : raw;
        }
      }
      i = end;
      continue;
    }
    if (c === COLON) {
      if (pendingKey !== undefined) {
        if (depth === 1 && pendingKey === 'messages') {
          // JSON.parse keeps the last of repeated keys: so does the scan.
          messagesSeen = true;
          inMessages = true;
          index = -1;
          messages.fill(-1);
          values.fill(-1);
        } else if (depth === 3 && pendingKey === 'value') {
          if (valueStart !== -1 || values[index * 2] !== -1) {
            valueRepeated = true;
          }
          valueStart = nextNonSpaceIndex(text, i + 1);
        }
        pendingKey = undefined;
      }
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth === 2 && inMessages && messageStart === -1) messageStart = i;
      depth++;
      if (depth === 2 && inMessages && c === OPEN_BRACKET) index = 0;
      else if (depth === 2 && inMessages) inMessages = false; // `messages` is not an array
      continue;
    }
    if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth === 3 && inMessages) closeValue(i);
      if (depth === 3 && inMessages && c === CLOSE_BRACE) {
        if (valueRepeated && index < messageCount) {
          values[index * 2] = -1;
          values[index * 2 + 1] = -1;
        }
        valueRepeated = false;
      }
      if (depth === 2 && inMessages) {
        closeMessage(i);
        inMessages = false;
      }
      depth--;
      continue;
    }
    if (c === COMMA) {
      if (depth === 3 && inMessages) closeValue(i);
      else if (depth === 2 && inMessages) {
        closeMessage(i);
        index++;
      }
      continue;
    }
    // The first character of a scalar message (a number, true, false, null).
    if (depth === 2 && inMessages && messageStart === -1 && !isSpace(c)) {
      messageStart = i;
    }
  }
  return messagesSeen ? { messages, values } : undefined;

  function closeValue(at: number) {
    if (valueStart === -1) return;
    if (index >= 0 && index < messageCount) {
      values[index * 2] = valueStart;
      values[index * 2 + 1] = trimEnd(valueStart, at);
    }
    valueStart = -1;
  }

  function closeMessage(at: number) {
    if (messageStart === -1) return;
    if (index >= 0 && index < messageCount) {
      messages[index * 2] = messageStart;
      messages[index * 2 + 1] = trimEnd(messageStart, at);
    }
    messageStart = -1;
  }

  function trimEnd(start: number, at: number): number {
    let end = at;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    return end;
  }
}

/** The text between `[start, end)` of span `index`, or `undefined` where there is none. */
export function spanText(
  text: string,
  spans: Int32Array | undefined,
  index: number,
): string | undefined {
  const start = spans ? spans[index * 2] : -1;
  return start >= 0 ? text.slice(start, spans![index * 2 + 1]) : undefined;
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
