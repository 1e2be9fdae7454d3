import { Grid } from '@material-ui/core';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { COCKPIT_SERVICE_ANNOTATION, serviceNameOf } from '../../serviceName';
import { isNotFound } from '../common';
import { AsOfBanner, AsOfPicker, useAsOf } from './asOf';
import { CodeInsightsCard } from './codeInsights';
import { DependencyVulnerabilities } from './vulnerabilities';
import { EgressCard } from './EgressCard';
import { EventsTimeline } from './events';
import { InstancesTable } from './InstancesTable';
import { DeploymentsTable, ServiceSummaryCard } from './OverviewCards';
import { WhatChangedPanel } from './changes';
import { useServiceOverview } from './useServiceOverview';

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
