import type { PlannedReading } from './plan';

/**
 * The columns of a readings insert. The values travel as ONE JSON array that PostgreSQL
 * parses once and splits with `jsonb_array_elements`: half the time of a text[] of JSON
 * documents, which node-postgres must escape element by element and PostgreSQL must parse
 * twice (array literal, then each jsonb). Values are mostly the very text the collector sent
 * (see findBatchSpans); `serializeValues` serializes each parsed value instead. Then the
 * provenance: collectors and sources.
 */
export function readingColumns(
  readings: PlannedReading[],
  serializeValues: boolean,
): unknown[] {
  return [
    readings.map(r => r.type),
    readings.map(r => r.resourceId),
    jsonbArrayParameter(
      readings.map(r =>
        serializeValues ? JSON.stringify(r.value) : r.valueJson,
      ),
    ),
    readings.map(r => r.collectedAt.toISOString()),
    readings.map(r => r.collector),
    readings.map(r => r.source),
  ];
}

/** jsonb's binary format: its version number, then the JSON text (PostgreSQL's jsonb_recv). */
const JSONB_BINARY_VERSION = 1;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * A JSON array of the given JSON texts as a jsonb parameter in binary format, which
 * node-postgres sends as it is for a Buffer: each text is encoded into the message once,
 * where a string parameter is joined, measured and encoded again by node-postgres. PostgreSQL
 * parses it exactly like the text form (jsonb_recv reads a version byte, then JSON text).
 */
export function jsonbArrayParameter(texts: string[]): Buffer {
  // Sized exactly: a buffer this large is memory outside the JavaScript heap, and the more
  // of it a call allocates, the sooner the garbage collector runs a full collection.
  // The version byte, the brackets and the commas between texts.
  let bytes = 3 + Math.max(texts.length - 1, 0);
  for (const text of texts) bytes += Buffer.byteLength(text);
  const buffer = Buffer.allocUnsafe(bytes);
  let at = 0;
  buffer[at++] = JSONB_BINARY_VERSION;
  buffer[at++] = OPEN_BRACKET;
  for (let i = 0; i < texts.length; i++) {
    if (i > 0) buffer[at++] = COMMA;
    at += buffer.write(texts[i], at);
  }
  buffer[at++] = CLOSE_BRACKET;
  return buffer;
}
