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
