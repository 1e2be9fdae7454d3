import { Grid } from '@material-ui/core';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  CALCULATIONS,
  type ServiceOverviewResult,
} from '@cockpit/plugin-cockpit-common';
import { NotFoundError } from '@backstage/errors';
import useAsync from 'react-use/esm/useAsync';
import { cockpitApiRef } from '../../api';
import { COCKPIT_SERVICE_ANNOTATION, serviceNameOf } from '../../serviceName';
import { CodeInsightsCard } from './CodeInsightsCard';
import { DependencyVulnerabilities } from './DependencyVulnerabilities';
import { EgressCard } from './EgressCard';
import { EventsTimeline } from './events';
import { InstancesTable } from './InstancesTable';
import { DeploymentsTable, ServiceSummaryCard } from './OverviewCards';

/** The `service-overview` calculation of a service, loaded once per service name. */
export function useServiceOverview(service: string) {
  const cockpit = useApi(cockpitApiRef);
  return useAsync(
    () =>
      cockpit.runCalculation<ServiceOverviewResult>(
        CALCULATIONS.serviceOverview,
        { service },
      ),
    [cockpit, service],
  );
}

/** Whether an error of the Cockpit client means "no such service". */
export function isNotFound(error: Error): boolean {
  return (
    error.name === NotFoundError.name ||
    (error as { statusCode?: number }).statusCode === 404 ||
    (error as { response?: { status?: number } }).response?.status === 404
  );
}

/** The Cockpit tab of a Component page: overview, egress, code insights, events, instances, vulnerabilities. */
export const CockpitEntityContent = () => {
  const { entity } = useEntity();
  const service = serviceNameOf(entity);
  const { value, loading, error } = useServiceOverview(service);

  if (loading) return <Progress />;
  if (error && isNotFound(error)) {
    return (
      <EmptyState
        missing="data"
        title={`Cockpit has no data about "${service}"`}
        description={`No collector has reported a Service named "${service}". If the service is known to Cockpit under another name, set the ${COCKPIT_SERVICE_ANNOTATION} annotation on this entity.`}
      />
    );
  }
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;

  return (
    <Grid container spacing={3} data-testid="cockpit-entity-content">
      <Grid item xs={12} md={6}>
        <ServiceSummaryCard overview={value} />
      </Grid>
      <Grid item xs={12} md={6}>
        <EgressCard upstreams={value.egressUpstreams} />
      </Grid>
      <Grid item xs={12}>
        <CodeInsightsCard service={service} />
      </Grid>
      <Grid item xs={12}>
        <DeploymentsTable overview={value} />
      </Grid>
      <Grid item xs={12}>
        <EventsTimeline service={service} />
      </Grid>
      <Grid item xs={12}>
        <InstancesTable instances={value.instances} />
      </Grid>
      <Grid item xs={12}>
        <DependencyVulnerabilities deployments={value.deployments} />
      </Grid>
    </Grid>
  );
};
