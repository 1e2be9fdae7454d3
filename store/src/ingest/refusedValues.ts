import type { Knex } from 'knex';
import type { ParsedBatch, ParsedMessage, ParsedReadingMessage } from './parse';
import { rejectionRow } from './rejections';
import { hasNonFiniteNumber } from './jsonText';

/**
 * What to do when PostgreSQL refuses the text of some value that `JSON.parse` accepted (the
 * `refusedValue` errors of databaseErrors.ts): find the values it refuses and quarantine only
 * those messages, so that their neighbours land and no value is stored other than it was sent.
 */

/**
 * Text of a value that may hold a number beyond PostgreSQL's numeric range: an exponent of
 * four digits or more, or a run of a thousand digits. Only these are tried one by one.
 */
const MAY_BE_OUT_OF_RANGE = /[eE][+-]?0*\d{4,}|\d{1000,}/;

type ReadingMessage = ParsedMessage & { message: ParsedReadingMessage };

function receivedTextReadings(batches: ParsedBatch[]): ReadingMessage[] {
  return batches.flatMap(batch =>
    batch.messages.filter(
      (parsed): parsed is ReadingMessage =>
        parsed.message.kind === 'reading' && parsed.message.valueIsReceivedText,
    ),
  );
}

/**
 * Tries, one statement each, the received values that may be beyond PostgreSQL's range.
 * Returns the messages whose value it refuses, with its reason.
 */
export async function findRefusedValues(
  knex: Knex,
  batches: ParsedBatch[],
): Promise<Map<ParsedMessage, string>> {
  const refused = new Map<ParsedMessage, string>();
  for (const parsed of receivedTextReadings(batches)) {
    const text = parsed.message.valueJson;
    if (!MAY_BE_OUT_OF_RANGE.test(text)) continue;
    try {
      await knex.raw('SELECT ?::jsonb IS NULL AS refused', [text]);
    } catch (error) {
      refused.set(
        parsed,
        `messages.${parsed.index}.value: PostgreSQL cannot store it (${
          (error as Error).message
        })`,
      );
    }
  }
  return refused;
}

/**
 * Before values are serialized here instead of sent as received: the messages whose parsed
 * value holds a number a double cannot hold (JSON.parse made it Infinity, which would be
 * stored as null), with the reason they are refused.
 */
export function findUnserializableValues(
  batches: ParsedBatch[],
): Map<ParsedMessage, string> {
  const refused = new Map<ParsedMessage, string>();
  for (const parsed of receivedTextReadings(batches)) {
    if (hasNonFiniteNumber(parsed.message.value)) {
      refused.set(
        parsed,
        `messages.${parsed.index}.value: holds a number beyond the range of a double, and PostgreSQL refused the text of this call's values`,
      );
    }
  }
  return refused;
}

/**
 * The batches with the given messages moved into their rejections, each with its reason and
 * its text as received (so a quarantined message keeps the very number that was refused).
 */
export function withRefusedMessages(
  batches: ParsedBatch[],
  refused: ReadonlyMap<ParsedMessage, string>,
): ParsedBatch[] {
  if (refused.size === 0) return batches;
  return batches.map(batch => {
    const moved = batch.messages.filter(m => refused.has(m));
    if (moved.length === 0) return batch;
    const rejectedMessages = new Map(batch.rejectedMessages);
    for (const m of moved) rejectedMessages.set(m.index, refused.get(m)!);
    return {
      ...batch,
      messages: batch.messages.filter(m => !refused.has(m)),
      rejectedMessages,
      rejections: [
        ...batch.rejections,
        ...moved.map(m =>
          rejectionRow({
            source: m.source,
            collector: m.collector,
            reason: refused.get(m)!,
            payload: m.text,
            messageIndex: m.index,
          }),
        ),
      ],
    };
  });
}
