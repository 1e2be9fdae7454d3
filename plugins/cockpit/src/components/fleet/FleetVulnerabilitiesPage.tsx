import { Grid } from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import { Loaded, StatusCountChips } from '../common';
import { ExposedServicesTable } from './vulnerabilities/ExposedServicesTable';
import { useFleetVulnerabilities } from './vulnerabilities/useFleetVulnerabilities';
import { VulnerabilityTotalsCard } from './vulnerabilities/VulnerabilityTotalsCard';
import { VulnerablePackagesTable } from './vulnerabilities/VulnerablePackagesTable';

/** Fleet-wide vulnerability counts, the most exposed services and the most widespread vulnerable packages. */
export const FleetVulnerabilitiesPage = () => {
  const state = useFleetVulnerabilities();
  return (
    <Loaded state={state}>
      {value => (
        <Grid container spacing={3}>
          <Grid item xs={12} md={6}>
            <VulnerabilityTotalsCard value={value} />
          </Grid>
          <Grid item xs={12} md={6}>
            <InfoCard title="Distinct advisories in use">
              <StatusCountChips scale="severity" counts={value.advisories} />
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            <ExposedServicesTable services={value.services} />
          </Grid>
          <Grid item xs={12}>
            <VulnerablePackagesTable packages={value.packages} />
          </Grid>
        </Grid>
      )}
    </Loaded>
  );
};
