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
import { AsOfBanner, AsOfPicker, useAsOf } from './asOf';
import { CodeInsightsCard } from './CodeInsightsCard';
import { DependencyVulnerabilities } from './DependencyVulnerabilities';
import { EgressCard } from './EgressCard';
import { EventsTimeline } from './events';
import { InstancesTable } from './InstancesTable';
import { DeploymentsTable, ServiceSummaryCard } from './OverviewCards';
import { WhatChangedPanel } from './changes';

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

/** Whether an error of the Cockpit client means "no such service". */
export function isNotFound(error: Error): boolean {
  return (
    error.name === NotFoundError.name ||
    (error as { statusCode?: number }).statusCode === 404 ||
    (error as { response?: { status?: number } }).response?.status === 404
  );
}

/** The tab below the picker: the cards of the service as of the chosen moment. */
const ServiceContent = (props: { service: string }) => {
  const { service } = props;
  const { asOf } = useAsOf();
  const { value, loading, error } = useServiceOverview(service);

  // while another moment loads, the cards stay (each reloads itself) instead of remounting
  if (loading && !value) return <Progress />;
  if (error && isNotFound(error)) {
    return asOf ? (
      <EmptyState
        missing="data"
        title={`Cockpit knew nothing about "${service}" at that moment`}
        description="No collector had reported the service yet, or housekeeping has deleted it since. Pick a later moment, or go back to now."
      />
    ) : (
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
      {loading && (
        <Grid item xs={12}>
          <Progress />
        </Grid>
      )}
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
        <WhatChangedPanel service={service} />
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

/**
 * The Cockpit tab of a Component page: the "as of" picker, overview, egress, code insights,
 * what changed, events, instances, vulnerabilities. With `?asOf=` in the URL the whole tab
 * shows the service as it stood then, under a banner with the way back to now.
 */
export const CockpitEntityContent = () => {
  const { entity } = useEntity();
  const service = serviceNameOf(entity);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <AsOfPicker />
      </Grid>
      <Grid item xs={12}>
        <AsOfBanner subject={service} />
      </Grid>
      <Grid item xs={12}>
        <ServiceContent service={service} />
      </Grid>
    </Grid>
  );
};
