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
} from '@cockpit/plugin-cockpit-common';
import { findBatchSpans, spanText } from './batchSpans';
import {
  bytesOverLimit,
  countOpeningBrackets,
  findUnstorableString,
  hasNonFiniteNumber,
  isStorableJsonText,
} from './jsonText';

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

/** A reading's value as JSON for the jsonb column, and whether that is the received text. */
interface StorableValue {
  valueJson?: string;
  valueIsReceivedText: boolean;
}

/**
 * A reading's value as it will be stored: the text it was received as whenever that can be
 * stored as is, else serialized here; or why it cannot be stored (too deep, too big, a
 * number beyond a double).
 */
function checkValue(
  value: unknown,
  options: { valueText: string | undefined; facts: TextFacts },
  prefix: string,
): StorableValue | { problem: ValidationProblem } {
  const { facts } = options;
  if (facts.mayBeTooDeep && jsonDepthExceeds(value, MAX_VALUE_DEPTH))
    return { problem: problemOf(tooDeepReason(prefix)) };
  const received = options.valueText;
  if (
    received !== undefined &&
    (!facts.mayHoldUnstorable || isStorableJsonText(received)) &&
    bytesOverLimit(received) === undefined
  )
    return { valueJson: received, valueIsReceivedText: true };
  // Serialized, the size counted without the whitespace the text may have had.
  const valueJson = JSON.stringify(value);
  const bytes = bytesOverLimit(valueJson);
  if (bytes !== undefined)
    return {
      problem: {
        path: `${prefix}.value`,
        message: `${bytes} bytes exceeds the limit of ${MAX_VALUE_BYTES} bytes`,
      },
    };
  // JSON.parse read a number beyond a double as Infinity, which serializes as null:
  // refused rather than stored altered.
  if (hasNonFiniteNumber(value))
    return {
      problem: {
        path: `${prefix}.value`,
        message:
          'holds a number beyond the range of a double, and its text could not be stored as sent',
      },
    };
  return { valueJson, valueIsReceivedText: false };
}

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

  let value: StorableValue = { valueIsReceivedText: false };
  if (message.kind === 'reading') {
    const checked = checkValue(message.value, options, prefix);
    if ('problem' in checked) return invalid([checked.problem]);
    value = checked;
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
  return { index, ok: true, text, message, ...value };
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
