import { createHash } from 'node:crypto';
import { LONE_SURROGATE } from './jsonText';

/** Input refused before it reached the database, stored raw in `rejections`. */
export interface RejectionRow {
  source: string;
  collector: string | null;
  reason: string;
  /** The input exactly as received: the whole body, or the one message cut from it. */
  payload: string;
  message_index: number | null;
  dedupe_key: string;
}

/**
 * A row of `rejections`. Its dedupe key hashes the source, the index and the payload as
 * received, so distinct inputs are distinct rows and a redelivered refusal lands once.
 */
export function rejectionRow(options: {
  source: string;
  collector: string | null;
  reason: string;
  /** The raw text received, never one serialized again from a parsed object. */
  payload: string;
  messageIndex: number | null;
}): RejectionRow {
  const dedupeKey = createHash('sha256')
    .update(options.source)
    .update('\n')
    .update(String(options.messageIndex ?? 'batch'))
    .update('\n')
    // As UTF-16, which keeps every string distinct (UTF-8 would write each lone surrogate
    // as the same replacement character).
    .update(Buffer.from(options.payload, 'utf16le'))
    .digest('hex');
  return {
    source: storableText(options.source),
    collector:
      options.collector === null ? null : storableText(options.collector),
    reason: storableText(options.reason),
    payload: storableText(options.payload),
    message_index: options.messageIndex,
    dedupe_key: dedupeKey,
  };
}

const NUL = '\u0000';

/**
 * Text made safe for a text column, which holds neither NUL nor unpaired surrogates: a NUL
 * is written as its JSON escape and a lone surrogate as U+FFFD. Everything else is kept as
 * received. (The dedupe key is taken before this, so two inputs that differ only there
 * stay two rows.)
 */
function storableText(text: string): string {
  const withoutNul = text.includes(NUL)
    ? text.split(NUL).join('\\u0000')
    : text;
  return withoutNul.replace(LONE_SURROGATE, '\ufffd');
}
