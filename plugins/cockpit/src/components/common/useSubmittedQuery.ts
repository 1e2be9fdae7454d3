import { FormEvent, useEffect, useState } from 'react';
import { useQueryState } from './useQueryState';

/**
 * A search box whose submitted text lives in the URL under `key`: `input` is what is typed,
 * `submitted` what the URL holds (the box follows it when the URL changes), `submit` the form's
 * handler (it puts the trimmed input in the URL).
 *
 * @example
 * const search = useSubmittedQuery('q');
 * <form onSubmit={search.submit}><TextField value={search.input} onChange={e => search.setInput(e.target.value)} /></form>
 */
export function useSubmittedQuery(key: string) {
  const [query, setQuery] = useQueryState();
  const submitted = query(key) ?? '';
  const [input, setInput] = useState(submitted);
  useEffect(() => setInput(submitted), [submitted]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setQuery({ [key]: input.trim() });
  };
  return { submitted, input, setInput, submit };
}
