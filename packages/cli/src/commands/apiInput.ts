import {
  MAX_BATCH_BYTES,
  SCHEMA_VERSION,
  utf8ByteLength,
} from '@cockpit/plugin-cockpit-common';

/** A publish batch as `cockpit publish` sends it (validated by the server, not here). */
export interface RawBatch {
  schemaVersion: number;
  collector: string;
  messages: unknown[];
}

/** Thrown when `cockpit publish` cannot read its input. */
export class PublishInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PublishInputError';
  }
}

const MAX_MESSAGES_PER_BATCH = 500;

function isBatch(value: unknown): value is RawBatch {
  return Boolean(
    value &&
      typeof value === 'object' &&
      Array.isArray((value as RawBatch).messages),
  );
}

/**
 * Reads `cockpit publish` input: one JSON batch, or NDJSON whose lines are batches (as
 * `cockpit collect --dry-run` prints them) or single messages. Loose messages are grouped
 * into batches of the given collector that stay under the batch size limit.
 */
export function readPublishInput(
  text: string,
  options: { collector: string },
): RawBatch[] {
  const trimmed = text.trim();
  if (!trimmed)
    throw new PublishInputError(
      'no input: pipe a publish batch or NDJSON messages to stdin',
    );
  try {
    const whole = JSON.parse(trimmed);
    if (isBatch(whole)) return [whole];
    if (Array.isArray(whole)) return groupMessages(whole, options.collector);
  } catch {
    // not one JSON document: NDJSON below
  }
  const batches: RawBatch[] = [];
  const loose: unknown[] = [];
  trimmed.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new PublishInputError(
        `line ${index + 1} is not JSON: ${(error as Error).message}`,
      );
    }
    if (isBatch(value)) batches.push(value);
    else loose.push(value);
  });
  return [...batches, ...groupMessages(loose, options.collector)];
}

function groupMessages(messages: unknown[], collector: string): RawBatch[] {
  const batches: RawBatch[] = [];
  const envelopeBytes = utf8ByteLength(
    JSON.stringify({ schemaVersion: SCHEMA_VERSION, collector, messages: [] }),
  );
  let current: unknown[] = [];
  let bytes = envelopeBytes;
  for (const message of messages) {
    const size = utf8ByteLength(JSON.stringify(message)) + 1;
    if (
      current.length > 0 &&
      (bytes + size > MAX_BATCH_BYTES ||
        current.length >= MAX_MESSAGES_PER_BATCH)
    ) {
      batches.push({
        schemaVersion: SCHEMA_VERSION,
        collector,
        messages: current,
      });
      current = [];
      bytes = envelopeBytes;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length)
    batches.push({
      schemaVersion: SCHEMA_VERSION,
      collector,
      messages: current,
    });
  return batches;
}

/**
 * Parses repeated `--param k=v` options into query parameters.
 * @throws PublishInputError naming the malformed option
 */
export function parseParams(pairs: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw new PublishInputError(`--param "${pair}" must look like key=value`);
    params[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return params;
}

/** Renders rows as an aligned text table with a header. */
export function formatTable(
  columns: string[],
  rows: Array<Array<string | number | null | undefined>>,
): string {
  const cells = rows.map(row =>
    row.map(cell => (cell === null || cell === undefined ? '' : String(cell))),
  );
  const widths = columns.map((column, i) =>
    Math.max(column.length, ...cells.map(row => row[i]?.length ?? 0)),
  );
  const line = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return `${[line(columns), ...cells.map(line)].join('\n')}\n`;
}

const DURATION = /^(\d+)(m|h|d)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * A moment given on the command line: an ISO date-time (or anything `Date` reads, taken as
 * such), or a duration back from now (`30m`, `24h`, `7d`), as the ISO text the API takes.
 * @throws Error naming the option when it is neither
 */
export function parseMoment(
  value: string,
  option: string,
  now = Date.now(),
): string {
  const duration = DURATION.exec(value);
  if (duration) {
    const unit = duration[2] as keyof typeof UNIT_MS;
    return new Date(now - Number(duration[1]) * UNIT_MS[unit]).toISOString();
  }
  const time = Date.parse(value);
  if (Number.isNaN(time))
    throw new Error(
      `${option} "${value}" is not a date-time (ISO 8601) or a duration like 24h or 7d`,
    );
  return new Date(time).toISOString();
}
