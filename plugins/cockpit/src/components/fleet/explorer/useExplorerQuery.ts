import { RESOURCE_TYPES } from '@cockpit/plugin-cockpit-common';
import { useQueryState, useSubmittedQuery } from '../../common';

/** The type filter's value for every type. */
export const ANY_TYPE = '*';

/**
 * The explorer's state, kept in the URL: the type searched (`type`, Service by default), the
 * name searched (`q`, with its box) and the resource open (`resource`).
 */
export function useExplorerQuery() {
  const [query, setQuery] = useQueryState();
  return {
    type: query('type') ?? RESOURCE_TYPES.Service,
    setType: (type: string) => setQuery({ type }),
    search: useSubmittedQuery('q'),
    selected: query('resource'),
  };
}
