import { useMemo } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { cockpitApiRef } from '../../../api';

/** How many versions the list loads (newest first). */
const LOADED = 100;

/** The versions of one reading of a resource, newest first (the first 100), and whether there are more. */
export function useReadingVersions(resourceId: string, type: string) {
  const cockpit = useApi(cockpitApiRef);
  const { value, loading, error } = useAsync(
    () =>
      cockpit.readingHistory(resourceId, type, {
        limit: LOADED,
      }),
    [cockpit, resourceId, type],
  );
  const versions = useMemo(() => value?.items ?? [], [value]);
  return { loading, error, versions, more: Boolean(value?.nextCursor) };
}
