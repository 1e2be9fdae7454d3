import { z } from 'zod';
import {
  jsonDepthExceeds,
  MAX_VALUE_BYTES,
  MAX_VALUE_DEPTH,
  PublishBatchEnvelopeSchema,
  PublishMessage,
  ReadingMessageSchema,
  ResourceMessageSchema,
  tooDeepReason,
  utf8ByteLength,
} from '@cockpit/plugin-cockpit-common';
import { findBatchSpans, spanText } from './batchSpans';
import { isStorableJsonText, LONE_SURROGATE } from './jsonText';

/** One thing wrong with the input, at a field path such as `messages.3.collectedAt`. */
export interface ValidationProblem {
  /** Dotted path of the field (`body` for the whole text, `(root)` for the top object). */
  path: string;
  message: string;
}

/** A message that can be stored, with its value's JSON (as received whenever possible). */
export interface ValidMessage {
  index: number;
  ok: true;
  /** The message as received, cut from the batch text. */
  text: string;
  message: PublishMessage;
  /** For a reading: the value as JSON, ready for a jsonb column. */
  valueJson?: string;
  /** `valueJson` is the text the value was received as, not serialized here. */
  valueIsReceivedText: boolean;
}

/** A message that cannot be stored, and why. */
export interface InvalidMessage {
  index: number;
  ok: false;
  /** The message as received, cut from the batch text. */
  text: string;
  problems: ValidationProblem[];
}

/** The verdict on one batch text: the batch's own problems, or one verdict per message. */
export interface BatchValidation {
  /** Non-empty when the text is not a publish batch at all; `messages` is then empty. */
  batchProblems: ValidationProblem[];
  /** The collector the batch names, when it can be read. */
  collector: string | null;
  messages: Array<ValidMessage | InvalidMessage>;
}

/**
 * Validates one publish batch as received (its JSON text) exactly as the sink does, without
 * a database: the one implementation behind the sink, `POST /ingest` and `yarn cockpit
 * validate`. Pure and total: it never throws, whatever the text (any depth, any size,
 * NUL characters, lone surrogates, repeated keys, `__proto__`).
 *
 * @example
 * const { batchProblems, messages } = validateBatchText(text);
 * for (const m of messages) if (!m.ok) console.log(m.problems.map(p => `${p.path}: ${p.message}`));
 */
export function validateBatchText(text: string): BatchValidation {
  const body = parseJson(text);
  if (!body.ok) {
    return { batchProblems: [body.problem], collector: null, messages: [] };
  }
  const envelope = PublishBatchEnvelopeSchema.safeParse(body.value);
  if (!envelope.success) {
    return {
      batchProblems: zodProblems(envelope.error),
      collector: collectorOf(body.value),
      messages: [],
    };
  }
  const { collector, messages } = envelope.data;
  const facts = textFacts(text);
  const spans = findBatchSpans(text, messages.length);
  return {
    batchProblems: [],
    collector,
    messages: messages.map((raw, index) =>
      checkMessage({
        raw,
        index,
        // Found whenever JSON.parse accepted the text; the whole text is the fallback so
        // that nothing is ever lost.
        text: spanText(text, spans?.messages, index) ?? text,
        valueText: spanText(text, spans?.values, index),
        facts,
      }),
    ),
  };
}

/** The reason stored with a rejection: each problem as `path: message`. */
export function describeProblems(problems: ValidationProblem[]): string {
  return problems.map(p => `${p.path}: ${p.message}`).join('; ');
}

function parseJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; problem: ValidationProblem } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return {
      ok: false,
      problem: {
        path: 'body',
        message: `not valid JSON (${(error as Error).message})`,
      },
    };
  }
}

function collectorOf(body: unknown): string | null {
  const collector =
    body !== null && typeof body === 'object' && !Array.isArray(body)
      ? (body as { collector?: unknown }).collector
      : undefined;
  return typeof collector === 'string' ? collector.slice(0, 200) : null;
}

/** What the whole text tells, once, so that nearly every message skips a costly check. */
interface TextFacts {
  /** Some string may be one PostgreSQL cannot store (a NUL, an unpaired surrogate). */
  mayHoldUnstorable: boolean;
  /** Nesting needs one opening bracket per level: most bodies cannot nest too deep. */
  mayBeTooDeep: boolean;
}

function textFacts(text: string): TextFacts {
  return {
    mayHoldUnstorable: !isStorableJsonText(text),
    mayBeTooDeep:
      countOpeningBrackets(text, MAX_VALUE_DEPTH) >= MAX_VALUE_DEPTH,
  };
}

/**
 * The wire schema for messages that came out of `JSON.parse`: their values are JSON by
 * construction, so the (costly, recursive) JSON-value check of the full schema is skipped;
 * everything else is the same schema.
 */
const MessageFromJsonTextSchema = z.discriminatedUnion('kind', [
  ResourceMessageSchema,
  ReadingMessageSchema.extend({
    value: z
      .unknown()
      .refine(
        value => value !== undefined,
        'Invalid input: expected JSON value, received undefined',
      ),
  }),
]);

function checkMessage(options: {
  raw: unknown;
  index: number;
  text: string;
  /** The text of the message's value as received, when it could be found. */
  valueText: string | undefined;
  facts: TextFacts;
}): ValidMessage | InvalidMessage {
  const { raw, index, text, facts } = options;
  const prefix = `messages.${index}`;
  const invalid = (problems: ValidationProblem[]): InvalidMessage => ({
    index,
    ok: false,
    text,
    problems,
  });
  const result = MessageFromJsonTextSchema.safeParse(raw);
  if (!result.success) return invalid(zodProblems(result.error, prefix));
  const message = result.data as PublishMessage;

  let valueJson: string | undefined;
  let valueIsReceivedText = false;
  if (message.kind === 'reading') {
    if (
      facts.mayBeTooDeep &&
      jsonDepthExceeds(message.value, MAX_VALUE_DEPTH)
    ) {
      return invalid([problemOf(tooDeepReason(prefix))]);
    }
    const received = options.valueText;
    if (
      received !== undefined &&
      (!facts.mayHoldUnstorable || isStorableJsonText(received)) &&
      bytesOverLimit(received) === undefined
    ) {
      valueJson = received;
      valueIsReceivedText = true;
    } else {
      // Serialized, the size counted without the whitespace the text may have had.
      valueJson = JSON.stringify(message.value);
      const bytes = bytesOverLimit(valueJson);
      if (bytes !== undefined) {
        return invalid([
          {
            path: `${prefix}.value`,
            message: `${bytes} bytes exceeds the limit of ${MAX_VALUE_BYTES} bytes`,
          },
        ]);
      }
      // JSON.parse read a number beyond a double as Infinity, which serializes as null:
      // refused rather than stored altered.
      if (hasNonFiniteNumber(message.value)) {
        return invalid([
          {
            path: `${prefix}.value`,
            message:
              'holds a number beyond the range of a double, and its text could not be stored as sent',
          },
        ]);
      }
    }
  }
  const unstorable = facts.mayHoldUnstorable
    ? findUnstorableString(message, prefix)
    : undefined;
  if (unstorable !== undefined) {
    return invalid([
      {
        path: unstorable,
        message:
          'contains a NUL character or an unpaired surrogate, which PostgreSQL cannot store',
      },
    ]);
  }
  if (
    message.kind === 'resource' &&
    message.parent &&
    message.parent.type === message.type &&
    message.parent.name === message.name
  ) {
    return invalid([
      {
        path: `${prefix}.parent`,
        message: 'a resource cannot be its own parent',
      },
    ]);
  }
  return { index, ok: true, text, message, valueJson, valueIsReceivedText };
}

function zodProblems(error: z.ZodError, prefix = ''): ValidationProblem[] {
  return error.issues.map(issue => ({
    path:
      [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(root)',
    message: issue.message,
  }));
}

/** `path: message` text (as cockpit-common writes reasons) back into a problem. */
function problemOf(reason: string): ValidationProblem {
  const at = reason.indexOf(': ');
  return { path: reason.slice(0, at), message: reason.slice(at + 2) };
}

/**
 * The UTF-8 size of a value's JSON when it is over {@link MAX_VALUE_BYTES}, else undefined.
 * UTF-8 takes at most 3 bytes per UTF-16 unit: bytes are counted only when it could matter.
 */
function bytesOverLimit(json: string): number | undefined {
  if (json.length * 3 <= MAX_VALUE_BYTES) return undefined;
  const bytes = utf8ByteLength(json);
  return bytes > MAX_VALUE_BYTES ? bytes : undefined;
}

/**
 * How many of `[` and `{` the text holds (inside strings too), counting no further than
 * `atLeast`: an upper bound of its nesting depth.
 */
function countOpeningBrackets(text: string, atLeast: number): number {
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
function findUnstorableString(
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
