import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  describeZodError,
  jsonDepthExceeds,
  MAX_VALUE_BYTES,
  MAX_VALUE_DEPTH,
  PublishBatchEnvelopeSchema,
  ReadingMessageSchema,
  ResourceMessageSchema,
  resourceId,
  tooDeepReason,
  utf8ByteLength,
  validatePublishMessage,
} from '@cockpit/plugin-cockpit-common';
import type { IngestBatchInput } from './types';
import {
  findValueSpans,
  isStorableJsonText,
  LONE_SURROGATE,
} from './valueSpans';

/** A resource named by a valid message, with the parent its message asks for. */
export interface ParsedResourceMessage {
  kind: 'resource';
  id: string;
  type: string;
  name: string;
  /** `undefined`: the message says nothing about the parent; `null`: no parent. */
  parent: { id: string; type: string; name: string } | null | undefined;
}

/** A reading of a valid message, with its resource id and collection time resolved. */
export interface ParsedReadingMessage {
  kind: 'reading';
  type: string;
  resource: { id: string; type: string; name: string };
  storageMode: 'SNAPSHOT' | 'TIME_SERIES';
  /** The value as JSON, ready for a jsonb column. */
  valueJson: string;
  /** `valueJson` is the text the value was received as, not serialized here. */
  valueIsReceivedText: boolean;
  /** The value as parsed, serialized when PostgreSQL refuses the text received. */
  value: unknown;
  collectedAt: Date;
}

/** One valid message, where it sits, and its raw form for a later rejection (a cycle). */
export interface ParsedMessage {
  batchIndex: number;
  index: number;
  source: string;
  collector: string;
  message: ParsedResourceMessage | ParsedReadingMessage;
  raw: unknown;
}

/** Input refused before it reached the database, stored raw in `rejections`. */
export interface RejectionRow {
  source: string;
  collector: string | null;
  reason: string;
  payload: string;
  message_index: number | null;
  dedupe_key: string;
}

/** What one batch turned into: valid messages, rejections, and per-message verdicts. */
export interface ParsedBatch {
  batchIndex: number;
  source: string;
  collector: string | null;
  receivedAt: Date;
  messages: ParsedMessage[];
  rejections: RejectionRow[];
  /** Index -> reason of every message refused while parsing. */
  rejectedMessages: Map<number, string>;
  messageCount: number;
  batchRejected?: string;
}

/**
 * Parses and validates one batch as received, without touching the database: a body that is
 * not JSON or not a publish batch refuses the whole batch; otherwise each message is checked
 * on its own, so one bad message never costs the others.
 */
export function parseBatch(
  input: IngestBatchInput,
  batchIndex: number,
  context: ParseContext = createParseContext(),
): ParsedBatch {
  const receivedAt = input.receivedAt;
  const base = {
    batchIndex,
    source: input.source,
    receivedAt,
    messages: [] as ParsedMessage[],
    rejections: [] as RejectionRow[],
    rejectedMessages: new Map<number, string>(),
  };
  const rawText =
    typeof input.body === 'string' ? input.body : safeStringify(input.body);

  let body: unknown = input.body;
  if (typeof input.body === 'string') {
    try {
      body = JSON.parse(input.body);
    } catch (error) {
      const reason = `body: not valid JSON (${(error as Error).message})`;
      return refuseBatch(base, null, reason, rawText);
    }
  }
  const envelope = PublishBatchEnvelopeSchema.safeParse(body);
  if (!envelope.success) {
    const collector =
      body &&
      typeof body === 'object' &&
      typeof (body as any).collector === 'string'
        ? ((body as any).collector as string).slice(0, 200)
        : null;
    return refuseBatch(
      base,
      collector,
      describeZodError(envelope.error),
      rawText,
    );
  }
  const { collector, messages } = envelope.data;
  const parsed: ParsedBatch = {
    ...base,
    collector,
    messageCount: messages.length,
  };

  // Whether some string may be one PostgreSQL cannot store (a NUL, an unpaired surrogate):
  // decided exactly on the text, so nearly every body skips the walk that finds which.
  const mayHoldUnstorable = !isStorableJsonText(rawText);
  const fromJsonText = typeof input.body === 'string';
  // Nesting needs one opening bracket per level: bodies with fewer than the limit (nearly all)
  // skip the depth walk.
  const mayBeTooDeep =
    fromJsonText &&
    countOpeningBrackets(rawText, MAX_VALUE_DEPTH) >= MAX_VALUE_DEPTH;
  // Values are sent as the text they came in (serializing them again took a third of the
  // sink's own time), found by a scan of the text JSON.parse accepted. In a body that holds
  // something PostgreSQL cannot store, each value's text is checked on its own, and only the
  // values whose text jsonb would refuse are serialized. PostgreSQL may still refuse received
  // text (a number beyond numeric's range): see refusedValues.ts.
  const spans = fromJsonText
    ? findValueSpans(rawText, messages.length)
    : undefined;
  messages.forEach((raw, index) => {
    const start = spans ? spans[index * 2] : -1;
    let receivedText =
      start >= 0 ? rawText.slice(start, spans![index * 2 + 1]) : undefined;
    if (
      receivedText !== undefined &&
      mayHoldUnstorable &&
      !isStorableJsonText(receivedText)
    ) {
      receivedText = undefined;
    }
    const reason = checkMessage(raw, index, {
      fromJsonText,
      mayHoldUnstorable,
      mayBeTooDeep,
      receivedText,
    });
    if (typeof reason === 'string') {
      parsed.rejectedMessages.set(index, reason);
      parsed.rejections.push(
        rejectionRow({
          source: input.source,
          collector,
          reason,
          payload: safeStringify(raw),
          messageIndex: index,
        }),
      );
      return;
    }
    parsed.messages.push({
      batchIndex,
      index,
      source: input.source,
      collector,
      message: toParsed(reason, receivedAt, context),
      raw,
    });
  });
  return parsed;
}

type ValidMessage = Extract<
  ReturnType<typeof validatePublishMessage>,
  { ok: true }
>['message'];

/** What one call's batches share while parsing: resource ids already computed. */
export interface ParseContext {
  ids: Map<string, string>;
}

/**
 * Resource ids are a pure function of type and name, and collectors name the same resources
 * on every run: a warm process (a warm Lambda, the backend) keeps the ids it computed, up to
 * this many, then starts over.
 */
const MAX_CACHED_IDS = 50_000;
const processIds = new Map<string, string>();

/** A {@link ParseContext} for one call, sharing the process's id cache. */
export function createParseContext(): ParseContext {
  if (processIds.size >= MAX_CACHED_IDS) processIds.clear();
  return { ids: processIds };
}

function cachedResourceId(
  context: ParseContext,
  type: string,
  name: string,
): string {
  const key = `${type}\n${name}`;
  let id = context.ids.get(key);
  if (id === undefined) {
    id = resourceId(type, name);
    context.ids.set(key, id);
  }
  return id;
}

/**
 * The wire schema for messages that came out of `JSON.parse`: their values are JSON by
 * construction, so the (costly) recursive JSON-value check of the full schema is skipped;
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

/** A valid message, and its value as JSON when it is a reading. */
type CheckedMessage = {
  message: ValidMessage;
  valueJson?: string;
  valueIsReceivedText?: boolean;
};

/** The message when it can be stored, otherwise the reason (naming the field) why not. */
function checkMessage(
  raw: unknown,
  index: number,
  options: {
    fromJsonText: boolean;
    mayHoldUnstorable: boolean;
    /** The body has enough brackets to nest a value deeper than the limit. */
    mayBeTooDeep: boolean;
    /** The text of the message's value as received, when it could be found. */
    receivedText: string | undefined;
  },
): CheckedMessage | string {
  const prefix = `messages.${index}`;
  let message: ValidMessage;
  let valueJson: string | undefined;
  let valueIsReceivedText = false;
  if (options.fromJsonText) {
    const result = MessageFromJsonTextSchema.safeParse(raw);
    if (!result.success) return describeZodError(result.error, prefix);
    message = result.data as ValidMessage;
    if (
      message.kind === 'reading' &&
      options.mayBeTooDeep &&
      jsonDepthExceeds(message.value, MAX_VALUE_DEPTH)
    ) {
      return tooDeepReason(prefix);
    }
    if (
      message.kind === 'reading' &&
      options.receivedText !== undefined &&
      bytesOverLimit(options.receivedText) === undefined
    ) {
      valueJson = options.receivedText;
      valueIsReceivedText = true;
    } else if (message.kind === 'reading') {
      // Serialized, the size counted without the whitespace the text may have had.
      valueJson = JSON.stringify(message.value);
      const bytes = bytesOverLimit(valueJson);
      if (bytes !== undefined) {
        return `${prefix}.value: ${bytes} bytes exceeds the limit of ${MAX_VALUE_BYTES} bytes`;
      }
      // JSON.parse read a number beyond a double as Infinity, which serializes as null:
      // refused rather than stored altered.
      if (hasNonFiniteNumber(message.value)) {
        return `${prefix}.value: holds a number beyond the range of a double, and its text could not be stored as sent`;
      }
    }
  } else {
    const result = validatePublishMessage(raw, prefix);
    if (!result.ok) return result.reason;
    message = result.message;
    if (message.kind === 'reading') valueJson = JSON.stringify(message.value);
  }
  const unstorable = options.mayHoldUnstorable
    ? findUnstorableString(message, prefix)
    : undefined;
  if (unstorable) {
    return `${unstorable}: contains a NUL character or an unpaired surrogate, which PostgreSQL cannot store`;
  }
  if (
    message.kind === 'resource' &&
    message.parent &&
    message.parent.type === message.type &&
    message.parent.name === message.name
  ) {
    return `${prefix}.parent: a resource cannot be its own parent`;
  }
  return { message, valueJson, valueIsReceivedText };
}

function toParsed(
  checked: CheckedMessage,
  receivedAt: Date,
  context: ParseContext,
): ParsedResourceMessage | ParsedReadingMessage {
  const message = checked.message;
  if (message.kind === 'resource') {
    return {
      kind: 'resource',
      id: cachedResourceId(context, message.type, message.name),
      type: message.type,
      name: message.name,
      parent:
        message.parent === undefined
          ? undefined
          : message.parent && {
              id: cachedResourceId(
                context,
                message.parent.type,
                message.parent.name,
              ),
              type: message.parent.type,
              name: message.parent.name,
            },
    };
  }
  return {
    kind: 'reading',
    type: message.type,
    resource: {
      id: cachedResourceId(
        context,
        message.resource.type,
        message.resource.name,
      ),
      type: message.resource.type,
      name: message.resource.name,
    },
    storageMode: message.storageMode,
    valueJson: checked.valueJson ?? JSON.stringify(message.value),
    valueIsReceivedText: checked.valueIsReceivedText ?? false,
    value: message.value,
    collectedAt: message.collectedAt
      ? new Date(message.collectedAt)
      : receivedAt,
  };
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

function refuseBatch(
  base: Omit<ParsedBatch, 'collector' | 'messageCount'>,
  collector: string | null,
  reason: string,
  payload: string,
): ParsedBatch {
  return {
    ...base,
    collector,
    messageCount: 0,
    batchRejected: reason,
    rejections: [
      rejectionRow({
        source: base.source,
        collector,
        reason,
        payload,
        messageIndex: null,
      }),
    ],
  };
}

/** A row of `rejections`; its dedupe key makes a redelivered refusal land once. */
export function rejectionRow(options: {
  source: string;
  collector: string | null;
  reason: string;
  payload: string;
  messageIndex: number | null;
}): RejectionRow {
  const payload = storableText(options.payload);
  const dedupeKey = createHash('sha256')
    .update(options.source)
    .update('\n')
    .update(String(options.messageIndex ?? 'batch'))
    .update('\n')
    .update(payload)
    .digest('hex');
  return {
    source: storableText(options.source),
    collector:
      options.collector === null ? null : storableText(options.collector),
    reason: storableText(options.reason),
    payload,
    message_index: options.messageIndex,
    dedupe_key: dedupeKey,
  };
}

const NUL = '\u0000';

function isUnstorable(text: string): boolean {
  LONE_SURROGATE.lastIndex = 0;
  return text.includes(NUL) || LONE_SURROGATE.test(text);
}

/** The path of the first string (key or value) PostgreSQL text/jsonb cannot hold, if any. */
function findUnstorableString(
  value: unknown,
  path: string,
): string | undefined {
  if (typeof value === 'string') return isUnstorable(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableString(value[i], `${path}.${i}`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (isUnstorable(key)) return `${path}.${key}`;
      const found = findUnstorableString(child, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** Raw input made safe for a text column: NUL written as its JSON escape, surrogates repaired. */
function storableText(text: string): string {
  return text.split(NUL).join('\\u0000').replace(LONE_SURROGATE, '\ufffd');
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
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
