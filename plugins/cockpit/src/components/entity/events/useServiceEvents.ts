import { useMemo } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  CALCULATIONS,
  type ServiceEvent,
  type ServiceEventsResult,
} from '@cockpit/plugin-cockpit-common';
import useAsync from 'react-use/esm/useAsync';
import { cockpitApiRef } from '../../../api';
import { groupBy } from '../../common';
import { foldIncidentUpdates } from '../foldIncidents';

/** An event placed on the chart: its time and its lane (one per kind). */
export interface EventPoint extends ServiceEvent {
  t: number;
  lane: number;
}

/** One lane of the chart: the events of one kind. */
export interface EventLane {
  kind: string;
  points: EventPoint[];
}

/**
 * The chart's lanes: one per kind counted in the range (sorted), so a kind keeps its lane
 * even when the limit left its events out, then any other kind the events show.
 */
export function eventLanes(
  result: ServiceEventsResult | undefined,
): EventLane[] {
  const lanesFirst = new Map<string, ServiceEvent[]>(
    Object.keys(result?.countsByKind ?? {})
      .sort()
      .map(kind => [kind, []]),
  );
  const byKind = groupBy(result?.items ?? [], event => event.kind, lanesFirst);
  return [...byKind.entries()].map(([kind, events], lane) => ({
    kind,
    points: events.map(event => ({
      ...event,
      t: new Date(event.at).getTime(),
      lane,
    })),
  }));
}

/**
 * Runs `service-events` for a service and range, as of the tab's moment when it shows the
 * past; gives the result and its chart lanes (changes are events of kind `change`).
 */
export function useServiceEvents(options: {
  service: string;
  range: { from: string; to: string };
  asOf?: string;
}) {
  const cockpit = useApi(cockpitApiRef);
  const { service, range, asOf } = options;
  const { value, loading, error } = useAsync(async () => {
    const result = await cockpit.runCalculation<ServiceEventsResult>(
      CALCULATIONS.serviceEvents,
      { service, from: range.from, to: range.to, asOf },
    );
    // an incident's opening and resolution points are shown as one incident
    return { ...result, items: foldIncidentUpdates(result.items) };
  }, [cockpit, service, range.from, range.to, asOf]);
  const lanes = useMemo(() => eventLanes(value), [value]);
  return { value, loading, error, lanes };
}
