import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { cockpitApiRef } from '../../../api';

/** How many changes the panel loads (newest first). */
export const CHANGES_LIMIT = 200;

/** The changes in a service's subtree that began in `[since, until)`, newest first (`GET /changes`). */
export function useServiceChanges(options: {
  service: string;
  range: { from: string; to: string };
}) {
  const cockpit = useApi(cockpitApiRef);
  const { service, range } = options;
  return useAsync(
    () =>
      cockpit.listChanges({
        service,
        since: range.from,
        until: range.to,
        limit: CHANGES_LIMIT,
      }),
    [cockpit, service, range.from, range.to],
  );
}
