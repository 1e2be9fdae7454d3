import { useMemo } from 'react';
import { Grid, Typography } from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import type { ServiceOverviewDeployment } from '@cockpit/plugin-cockpit-common';
import { LoadState } from '../../common';
import { AdvisoriesTable } from './AdvisoriesTable';
import { advisoryRows } from './advisoryRows';
import { useDeploymentVulnerabilities } from './useDeploymentVulnerabilities';
import { useVulnerabilityFilters } from './useVulnerabilityFilters';
import { VulnerabilityFilters } from './VulnerabilityFilters';
import { VulnerabilitySummary } from './VulnerabilitySummary';

/**
 * Vulnerable dependency versions of one deployment (chosen in the URL), one row per advisory,
 * with severity chips, links to the advisories and fixed-in versions; sortable and filterable.
 */
export const DependencyVulnerabilities = (props: {
  deployments: ServiceOverviewDeployment[];
}) => {
  const filters = useVulnerabilityFilters(props.deployments);
  const { value, loading, error } = useDeploymentVulnerabilities(
    filters.deploymentName,
  );
  const rows = useMemo(
    () => advisoryRows(value?.items ?? [], filters.minimum),
    [value, filters.minimum],
  );

  if (props.deployments.length === 0) {
    return (
      <InfoCard title="Dependencies and vulnerabilities">
        <Typography>
          No deployment of this service has been reported.
        </Typography>
      </InfoCard>
    );
  }

  return (
    <InfoCard
      title="Dependencies and vulnerabilities"
      subheader="Vulnerable dependency versions and container image packages per deployment"
    >
      <Grid container spacing={2} alignItems="center">
        <VulnerabilityFilters
          deployments={props.deployments}
          filters={filters}
        />
        {value && <VulnerabilitySummary value={value} />}
      </Grid>
      <LoadState loading={loading} error={error} />
      {value && <AdvisoriesTable rows={rows} minimum={filters.minimum} />}
    </InfoCard>
  );
};
