import { InfoCard } from '@backstage/core-components';
import type { ServiceEventsResult } from '@cockpit/plugin-cockpit-common';
import { EmptyNote, formatDateTime, LoadState } from '../../common';
import { useAsOf } from '../asOf/useAsOf';
import { EventDetail } from './EventDetail';
import { EventsChart } from './EventsChart';
import { useEventsRange } from './eventsRange';
import { EventsTable } from './EventsTable';
import { RangeBar } from './RangeBar';
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
      <RangeBar
        range={state}
        count={value ? describeEvents(value) : ''}
        countTestId="cockpit-events-count"
      />
      <LoadState loading={loading} error={error} />
      {value && value.items.length === 0 && (
        <EmptyNote py={4}>No event in this range. Try a longer one.</EmptyNote>
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
