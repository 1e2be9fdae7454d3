import { useMemo } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  CALCULATIONS,
  type ServiceEvent,
  type ServiceEventsResult,
} from '@cockpit/plugin-cockpit-common';
import useAsync from 'react-use/esm/useAsync';
import { cockpitApiRef } from '../../../api';
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
  const byKind = new Map<string, ServiceEvent[]>();
  for (const kind of Object.keys(result?.countsByKind ?? {}).sort())
    byKind.set(kind, []);
  for (const event of result?.items ?? []) {
    byKind.set(event.kind, [...(byKind.get(event.kind) ?? []), event]);
  }
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
