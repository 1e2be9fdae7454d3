import type { Knex } from 'knex';
import {
  hasNonFiniteNumber,
  ParsedBatch,
  ParsedMessage,
  ParsedReadingMessage,
  rejectionRow,
} from './parse';

/**
 * What to do when PostgreSQL refuses the text of some value that `JSON.parse` accepted (see
 * RAW_JSON_SQLSTATES in ingestBatches): find the values it refuses and quarantine only those
 * messages, so that their neighbours land and no value is stored other than it was sent.
 */

/**
 * Text of a value that may hold a number beyond PostgreSQL's numeric range: an exponent of
 * four digits or more, or a run of a thousand digits. Only these are tried one by one.
 */
const MAY_BE_OUT_OF_RANGE = /[eE][+-]?0*\d{4,}|\d{1000,}/;

type ReadingEntry = {
  batch: ParsedBatch;
  parsed: ParsedMessage & { message: ParsedReadingMessage };
};

function receivedTextReadings(batches: ParsedBatch[]): ReadingEntry[] {
  const out: ReadingEntry[] = [];
  for (const batch of batches) {
    for (const parsed of batch.messages) {
      if (
        parsed.message.kind === 'reading' &&
        parsed.message.valueIsReceivedText
      ) {
        out.push({
          batch,
          parsed: parsed as ReadingEntry['parsed'],
        });
      }
    }
  }
  return out;
}

/**
 * Tries, one statement each, the received values that may be beyond PostgreSQL's range, and
 * moves the messages whose value it refuses into their batch's rejections, with its reason.
 * Returns how many it moved.
 */
export async function quarantineRefusedValues(
  knex: Knex,
  batches: ParsedBatch[],
): Promise<number> {
  let moved = 0;
  for (const { batch, parsed } of receivedTextReadings(batches)) {
    const text = parsed.message.valueJson;
    if (!MAY_BE_OUT_OF_RANGE.test(text)) continue;
    try {
      await knex.raw('SELECT ?::jsonb IS NULL AS refused', [text]);
    } catch (error) {
      refuseMessage(
        batch,
        parsed,
        `messages.${parsed.index}.value: PostgreSQL cannot store it (${
          (error as Error).message
        })`,
      );
      moved++;
    }
  }
  return moved;
}

/**
 * Before values are serialized here instead of sent as received: moves the messages whose
 * parsed value holds a number a double cannot hold (JSON.parse made it Infinity, which
 * would be stored as null) into their batch's rejections. Returns how many it moved.
 */
export function quarantineUnserializableValues(batches: ParsedBatch[]): number {
  let moved = 0;
  for (const { batch, parsed } of receivedTextReadings(batches)) {
    if (!hasNonFiniteNumber(parsed.message.value)) continue;
    refuseMessage(
      batch,
      parsed,
      `messages.${parsed.index}.value: holds a number beyond the range of a double, and PostgreSQL refused the text of this call's values`,
    );
    moved++;
  }
  return moved;
}

function refuseMessage(
  batch: ParsedBatch,
  parsed: ReadingEntry['parsed'],
  reason: string,
) {
  batch.messages = batch.messages.filter(m => m !== parsed);
  batch.rejectedMessages.set(parsed.index, reason);
  batch.rejections.push(
    rejectionRow({
      source: parsed.source,
      collector: parsed.collector,
      reason,
      payload: payloadWithValueText(parsed.raw, parsed.message.valueJson),
      messageIndex: parsed.index,
    }),
  );
}

/**
 * The message as JSON with its value as the text received, so a quarantined message keeps
 * the very number that was refused (serializing the parsed message would turn it to null).
 */
export function payloadWithValueText(raw: unknown, valueText: string): string {
  const marker = '\u0001cockpit-value\u0001';
  const json = JSON.stringify({ ...(raw as object), value: marker });
  const quoted = JSON.stringify(marker);
  const at = json.indexOf(quoted);
  return at < 0
    ? json
    : `${json.slice(0, at)}${valueText}${json.slice(at + quoted.length)}`;
}
