import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Typography } from '@material-ui/core';
import { serviceNameOf } from '../../serviceName';
import { isNotFound } from '../common';
import { useServiceOverview } from './useServiceOverview';
import { ServiceSummaryCard } from './OverviewCards';

/** The Overview card of a Component: owner, tech stack, instance health and vulnerability totals. */
export const CockpitOverviewCard = () => {
  const { entity } = useEntity();
  const service = serviceNameOf(entity);
  const { value, loading, error } = useServiceOverview(service);

  if (loading) return <Progress />;
  if (error && isNotFound(error)) {
    return (
      <InfoCard title="Cockpit">
        <Typography>
          No collector has reported a Service named "{service}".
        </Typography>
      </InfoCard>
    );
  }
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  return <ServiceSummaryCard overview={value} />;
};
