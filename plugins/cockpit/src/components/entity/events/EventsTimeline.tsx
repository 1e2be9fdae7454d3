import { Box, Grid, Typography } from '@material-ui/core';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type { ServiceEventsResult } from '@cockpit/plugin-cockpit-common';
import { formatDateTime } from '../../common';
import { useAsOf } from '../asOf/useAsOf';
import { EventDetail } from './EventDetail';
import { EventsChart } from './EventsChart';
import { useEventsRange } from './eventsRange';
import { EventsTable } from './EventsTable';
import { RangePicker } from './RangePicker';
import { useServiceEvents } from './useServiceEvents';

/** "12 events (newest shown) from ... to ...". */
export function describeEvents(result: ServiceEventsResult): string {
  const count = result.items.length;
  return `${count} event${count === 1 ? '' : 's'}${
    result.truncated ? ' (newest shown)' : ''
  } from ${formatDateTime(result.from)} to ${formatDateTime(result.to)}`;
}

/**
 * The service's events over a time range: a chart with one lane per kind, hover details, a
 * click to select an event and drill into its resource, and the same events as a table.
 * The range and the selection live in the URL.
 */
export const EventsTimeline = (props: { service: string }) => {
  const state = useEventsRange();
  const { asOf } = useAsOf();
  const { value, loading, error, lanes } = useServiceEvents({
    service: props.service,
    range: state.range,
    asOf,
  });
  const selected = value?.items.find(event => event.id === state.selectedId);
  return (
    <InfoCard
      title="Service events"
      subheader="Deployments, instance starts and stops, incidents, changes"
    >
      <Grid container spacing={2} alignItems="center">
        <RangePicker
          choice={state.choice}
          customFrom={state.customFrom}
          customTo={state.customTo}
          onChoose={state.choose}
          onCustom={state.setCustom}
        />
        <Grid item>
          <Typography
            variant="body2"
            color="textSecondary"
            data-testid="cockpit-events-count"
          >
            {value ? describeEvents(value) : ''}
          </Typography>
        </Grid>
      </Grid>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && value.items.length === 0 && (
        <Box py={4}>
          <Typography align="center" color="textSecondary">
            No event in this range. Try a longer one.
          </Typography>
        </Box>
      )}
      {value && value.items.length > 0 && (
        <>
          <EventsChart
            lanes={lanes}
            range={state.range}
            onSelect={state.select}
          />
          {selected && (
            <EventDetail
              event={selected}
              onClose={() => state.select(undefined)}
            />
          )}
          <EventsTable events={value.items} onSelect={state.select} />
        </>
      )}
    </InfoCard>
  );
};
