import { useMemo } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  CALCULATIONS,
  type DependencyUsageResult,
} from '@cockpit/plugin-cockpit-common';
import useAsync from 'react-use/esm/useAsync';
import { cockpitApiRef } from '../../../api';
import { groupBy } from '../../common';
import { splitPackageUrl } from './splitPackageUrl';

/**
 * Runs `dependency-usage` for a package URL (none for an empty one); gives the result and its
 * deployments grouped by service.
 */
export function useDependencyUsage(purl: string) {
  const cockpit = useApi(cockpitApiRef);
  const { value, loading, error } = useAsync(async () => {
    if (!purl) return undefined;
    const { package: pkg, version } = splitPackageUrl(purl);
    return cockpit.runCalculation<DependencyUsageResult>(
      CALCULATIONS.dependencyUsage,
      {
        package: pkg,
        version,
      },
    );
  }, [cockpit, purl]);
  const byService = useMemo(
    () => [...groupBy(value?.items ?? [], item => item.service).entries()],
    [value],
  );
  return { value, loading, error, byService };
}
