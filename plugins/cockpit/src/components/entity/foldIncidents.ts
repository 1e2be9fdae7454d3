import type { ServiceEvent } from '@cockpit/plugin-cockpit-common';

interface IncidentFields {
  status?: string;
  incident?: { key?: string; resolvedAt?: string; durationMinutes?: number };
}

function incidentOf(event: ServiceEvent): IncidentFields | undefined {
  if (
    event.kind !== 'incident' ||
    !event.value ||
    typeof event.value !== 'object'
  )
    return undefined;
  const value = event.value as IncidentFields;
  return typeof value.incident?.key === 'string' ? value : undefined;
}

/**
 * Folds the points of one incident into one event. The incident collectors store an incident
 * as two TIME_SERIES points sharing `incident.key`: the opening (`status: triggered`) and, once
 * it is over, the resolution (`status: resolved`). Where both are in range, the timeline shows
 * the opening only, titled with how it ended (`... (resolved after 42 min)`), its value holding
 * the resolution as `resolution`; an opening without resolution is titled `(open)`. A
 * resolution whose opening is out of range stays as it is.
 */
export function foldIncidentUpdates(events: ServiceEvent[]): ServiceEvent[] {
  const resolutions = new Map<string, ServiceEvent>();
  for (const event of events) {
    const incident = incidentOf(event);
    if (incident?.status === 'resolved')
      resolutions.set(incident.incident!.key!, event);
  }
  const opened = new Set(
    events
      .map(event => incidentOf(event))
      .filter(incident => incident && incident.status !== 'resolved')
      .map(incident => incident!.incident!.key!),
  );
  const folded: ServiceEvent[] = [];
  for (const event of events) {
    const incident = incidentOf(event);
    if (!incident) {
      folded.push(event);
      continue;
    }
    const key = incident.incident!.key!;
    if (incident.status === 'resolved') {
      if (!opened.has(key)) folded.push(event);
      continue;
    }
    const resolution = resolutions.get(key);
    const minutes = (resolution?.value as IncidentFields | undefined)?.incident
      ?.durationMinutes;
    folded.push({
      ...event,
      title: resolution
        ? `${event.title} (resolved${
            minutes !== undefined ? ` after ${minutes} min` : ''
          })`
        : `${event.title} (open)`,
      value: resolution
        ? { ...(event.value as object), resolution: resolution.value }
        : event.value,
    });
  }
  return folded;
}
