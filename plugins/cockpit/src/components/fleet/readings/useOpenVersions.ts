import { useQueryState } from '../../common';

/** Which reading type's versions are open, kept in the URL (`versions`); one at a time. */
export function useOpenVersions() {
  const [query, setQuery] = useQueryState();
  const open = query('versions');
  return {
    isOpen: (type: string) => open === type,
    toggle: (type: string) =>
      setQuery({ versions: open === type ? undefined : type }),
  };
}
