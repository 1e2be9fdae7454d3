import { useApi } from '@backstage/core-plugin-api';
import {
  CALCULATIONS,
  type FleetVulnerabilitiesResult,
} from '@cockpit/plugin-cockpit-common';
import useAsync from 'react-use/esm/useAsync';
import { cockpitApiRef } from '../../../api';

/** How many services and packages the page lists (the most exposed, the most widespread). */
const LISTED = 20;

/** Runs `fleet-vulnerabilities` once: the fleet's counts and its top services and packages. */
export function useFleetVulnerabilities() {
  const cockpit = useApi(cockpitApiRef);
  return useAsync(
    () =>
      cockpit.runCalculation<FleetVulnerabilitiesResult>(
        CALCULATIONS.fleetVulnerabilities,
        {
          limit: LISTED,
        },
      ),
    [cockpit],
  );
}
