import { useApi } from '@backstage/core-plugin-api';
import {
  CALCULATIONS,
  type DeploymentVulnerabilitiesResult,
} from '@cockpit/plugin-cockpit-common';
import useAsync from 'react-use/esm/useAsync';
import { cockpitApiRef } from '../../../api';
import { useAsOf } from '../asOf';

/** Runs `deployment-vulnerabilities` for a deployment (none without one), as of the tab's moment. */
export function useDeploymentVulnerabilities(
  deploymentName: string | undefined,
) {
  const cockpit = useApi(cockpitApiRef);
  const { asOf } = useAsOf();
  return useAsync(async () => {
    if (!deploymentName) return undefined;
    return cockpit.runCalculation<DeploymentVulnerabilitiesResult>(
      CALCULATIONS.deploymentVulnerabilities,
      { deployment: deploymentName, asOf },
    );
  }, [cockpit, deploymentName, asOf]);
}
