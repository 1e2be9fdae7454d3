import { useApi } from '@backstage/core-plugin-api';
import {
  CALCULATIONS,
  type ServiceOverviewResult,
} from '@cockpit/plugin-cockpit-common';
import useAsync from 'react-use/esm/useAsync';
import { cockpitApiRef } from '../../api';
import { useAsOf } from './asOf';

/** The `service-overview` calculation of a service, loaded once per service name and moment (`?asOf=`). */
export function useServiceOverview(service: string) {
  const cockpit = useApi(cockpitApiRef);
  const { asOf } = useAsOf();
  return useAsync(
    () =>
      cockpit.runCalculation<ServiceOverviewResult>(
        CALCULATIONS.serviceOverview,
        { service, asOf },
      ),
    [cockpit, service, asOf],
  );
}
