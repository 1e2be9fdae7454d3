import { InputError } from '@backstage/errors';

/**
 * Opaque keyset cursors: the sort key of the last row of a page, as base64url JSON.
 * Keyset (not offset) pagination never skips or repeats a row while rows are added.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by {@link encodeCursor}, checking the shape the listing expects.
 * @throws InputError naming the `cursor` parameter when it is not one of ours
 */
export function decodeCursor(
  cursor: string,
  shape: readonly ('string' | 'number')[],
): (string | number)[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InputError('cursor: not a cursor returned by this listing');
  }
  if (
    !Array.isArray(key) ||
    key.length !== shape.length ||
    key.some((part, i) => typeof part !== shape[i])
  ) {
    throw new InputError('cursor: not a cursor returned by this listing');
  }
  return key;
}

/** A timestamp column as UTC text with microseconds, for a cursor (a JS Date would drop them). */
export function timeKey(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * Decodes a cursor whose first part is a {@link timeKey} text.
 * @throws InputError naming the `cursor` parameter when it is not one of ours
 */
export function decodeTimeCursor(
  cursor: string,
  shape: readonly ('string' | 'number')[],
): string[] {
  const key = decodeCursor(cursor, shape).map(String);
  if (Number.isNaN(Date.parse(key[0] ?? ''))) {
    throw new InputError('cursor: not a cursor returned by this listing');
  }
  return key;
}
