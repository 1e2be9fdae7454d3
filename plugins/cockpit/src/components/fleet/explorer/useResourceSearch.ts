import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { cockpitApiRef } from '../../../api';
import { ANY_TYPE } from './useExplorerQuery';

/** How many matching resources the explorer lists. */
export const RESULTS_LIMIT = 100;

/** The resources of a type (or any) whose name contains `q` (or all), the first 100. */
export function useResourceSearch(type: string, q: string) {
  const cockpit = useApi(cockpitApiRef);
  return useAsync(
    () =>
      cockpit.listResources({
        type: type === ANY_TYPE ? undefined : type,
        q: q || undefined,
        limit: RESULTS_LIMIT,
      }),
    [cockpit, type, q],
  );
}
