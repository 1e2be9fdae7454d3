import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * Page state kept in the URL query, so a deep link survives a reload and can be shared.
 * Setting a value to '' or undefined removes it from the URL.
 *
 * @example
 * const [query, setQuery] = useQueryState();
 * setQuery({ range: '7d' });
 */
export function useQueryState(): [
  (key: string) => string | undefined,
  (changes: Record<string, string | undefined>) => void,
] {
  const [params, setParams] = useSearchParams();
  const get = useCallback(
    (key: string) => params.get(key) ?? undefined,
    [params],
  );
  const set = useCallback(
    (changes: Record<string, string | undefined>) => {
      setParams(
        previous => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(changes)) {
            if (value === undefined || value === '') next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: false },
      );
    },
    [setParams],
  );
  return [get, set];
}
