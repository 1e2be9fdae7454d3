import { inspect } from 'node:util';
import { resourceId } from '@cockpit/plugin-cockpit-common';
import { rejectionRow, RejectionRow } from './rejections';
import type { IngestBatchInput } from './types';
import { describeProblems, validateBatchText, ValidMessage } from './validate';

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

/** One valid message, where it sits, and its text as received for a later rejection (a cycle). */
export interface ParsedMessage {
  batchIndex: number;
  index: number;
  source: string;
  collector: string;
  message: ParsedResourceMessage | ParsedReadingMessage;
  /** The message exactly as received, cut from the batch text. */
  text: string;
}

/** What one batch turned into: valid messages, rejections, and per-message verdicts. */
export interface ParsedBatch {
  batchIndex: number;
  source: string;
  collector: string | null;
  receivedAt: Date;
  messages: readonly ParsedMessage[];
  rejections: readonly RejectionRow[];
  /** Index -> reason of every message refused before the database. */
  rejectedMessages: ReadonlyMap<number, string>;
  messageCount: number;
  batchRejected?: string;
}

/**
 * Resource ids by type and name. Ids are a pure function of both (UUIDv5), and collectors
 * name the same resources on every run, so a long-lived caller (a warm Lambda, the backend)
 * passes one of these to every call to compute each id once.
 */
export interface ResourceIds {
  of(type: string, name: string): string;
}

/**
 * A {@link ResourceIds} that remembers up to `max` ids, then starts over.
 *
 * @example
 * const ids = createResourceIds(); // once per process, beside the database pool
 * await ingestBatches({ knex, batches, ids });
 */
export function createResourceIds(options: { max?: number } = {}): ResourceIds {
  const max = options.max ?? 50_000;
  const ids = new Map<string, string>();
  return {
    of(type, name) {
      const key = `${type}\n${name}`;
      let id = ids.get(key);
      if (id === undefined) {
        if (ids.size >= max) ids.clear();
        id = resourceId(type, name);
        ids.set(key, id);
      }
      return id;
    },
  };
}

/**
 * Parses and validates one batch as received, without touching the database: a body that is
 * not JSON or not a publish batch refuses the whole batch; otherwise each message is checked
 * on its own, so one bad message never costs the others. Every rejection keeps the input as
 * received: the body, or the one message cut from it. Never throws.
 */
export function parseBatch(options: {
  input: IngestBatchInput;
  batchIndex: number;
  ids: ResourceIds;
}): ParsedBatch {
  const { input, batchIndex, ids } = options;
  const base = {
    batchIndex,
    source: input.source,
    receivedAt: input.receivedAt,
  };
  const body = bodyText(input.body);
  if (!body.ok) {
    return refusedBatch({
      ...base,
      reason: body.reason,
      payload: body.payload,
    });
  }
  const validation = validateBatchText(body.text);
  if (validation.batchProblems.length > 0) {
    return refusedBatch({
      ...base,
      collector: validation.collector,
      reason: describeProblems(validation.batchProblems),
      payload: body.text,
    });
  }
  const collector = validation.collector!;
  const messages: ParsedMessage[] = [];
  const rejections: RejectionRow[] = [];
  const rejectedMessages = new Map<number, string>();
  for (const checked of validation.messages) {
    if (checked.ok) {
      messages.push({
        batchIndex,
        index: checked.index,
        source: input.source,
        collector,
        message: resolveMessage(checked, input.receivedAt, ids),
        text: checked.text,
      });
      continue;
    }
    const reason = describeProblems(checked.problems);
    rejectedMessages.set(checked.index, reason);
    rejections.push(
      rejectionRow({
        source: input.source,
        collector,
        reason,
        payload: checked.text,
        messageIndex: checked.index,
      }),
    );
  }
  return {
    ...base,
    collector,
    messages,
    rejections,
    rejectedMessages,
    messageCount: validation.messages.length,
  };
}

/**
 * The batch as JSON text. A body given as an object (in-process callers) is serialized, as a
 * transport would; one that JSON cannot carry (a cycle, a BigInt, NaN or Infinity, which
 * would become null) refuses the batch, with the body described for the rejection.
 */
function bodyText(
  body: unknown,
): { ok: true; text: string } | { ok: false; reason: string; payload: string } {
  if (typeof body === 'string') return { ok: true, text: body };
  try {
    const text = JSON.stringify(body, (_key, value) => {
      if (typeof value === 'number' && !Number.isFinite(value)) {
        throw new TypeError(`${value} is not a JSON number`);
      }
      return value;
    });
    if (text !== undefined) return { ok: true, text };
  } catch (error) {
    return {
      ok: false,
      reason: `body: cannot be serialized as JSON (${
        (error as Error).message
      })`,
      payload: inspect(body, { depth: 20, breakLength: Infinity }),
    };
  }
  return {
    ok: false,
    reason: 'body: cannot be serialized as JSON',
    payload: String(body),
  };
}

function refusedBatch(options: {
  batchIndex: number;
  source: string;
  receivedAt: Date;
  collector?: string | null;
  reason: string;
  payload: string;
}): ParsedBatch {
  const { reason, payload, ...base } = options;
  const collector = options.collector ?? null;
  return {
    ...base,
    collector,
    messages: [],
    rejectedMessages: new Map(),
    messageCount: 0,
    batchRejected: reason,
    rejections: [
      rejectionRow({
        source: options.source,
        collector,
        reason,
        payload,
        messageIndex: null,
      }),
    ],
  };
}

function resolveMessage(
  checked: ValidMessage,
  receivedAt: Date,
  ids: ResourceIds,
): ParsedResourceMessage | ParsedReadingMessage {
  const message = checked.message;
  if (message.kind === 'resource') {
    const parent = message.parent;
    return {
      kind: 'resource',
      id: ids.of(message.type, message.name),
      type: message.type,
      name: message.name,
      parent: parent && { id: ids.of(parent.type, parent.name), ...parent },
    };
  }
  return {
    kind: 'reading',
    type: message.type,
    resource: {
      id: ids.of(message.resource.type, message.resource.name),
      type: message.resource.type,
      name: message.resource.name,
    },
    storageMode: message.storageMode,
    valueJson: checked.valueJson!,
    valueIsReceivedText: checked.valueIsReceivedText,
    value: message.value,
    collectedAt: message.collectedAt
      ? new Date(message.collectedAt)
      : receivedAt,
  };
}
