import { useCallback } from 'react';
import { useQueryState } from '../../common';

/** The URL query key that holds the moment the Cockpit tab shows (ISO 8601). */
export const AS_OF_KEY = 'asOf';

/** The ISO form of an `asOf` value from the URL, or undefined when it is absent or not a time. */
export function parseAsOf(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const time = Date.parse(raw);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/**
 * The moment the Cockpit tab shows, kept in the URL (`?asOf=<ISO time>`) so that a link to
 * "the service at the incident" can be shared. Undefined means now. Every data hook of the
 * tab passes it on to its calls (`asOf=` of contract section 7).
 *
 * @example
 * const { asOf, setAsOf } = useAsOf();
 * setAsOf('2026-11-21T12:00:00.000Z'); // view the past
 * setAsOf(undefined); // back to now
 */
export function useAsOf(): {
  asOf: string | undefined;
  /** The raw URL value when it is not a time (so the page can say so). */
  invalid: string | undefined;
  setAsOf: (iso: string | undefined) => void;
} {
  const [query, setQuery] = useQueryState();
  const raw = query(AS_OF_KEY);
  const asOf = parseAsOf(raw);
  const setAsOf = useCallback(
    (iso: string | undefined) => setQuery({ [AS_OF_KEY]: iso }),
    [setQuery],
  );
  return { asOf, invalid: raw && !asOf ? raw : undefined, setAsOf };
}
