import type { CollectorContext } from '@cockpit/collector-sdk';
import type { ResourceRef, Severity } from '@cockpit/plugin-cockpit-common';

/** An incident (or alert) of an on-call tool, as the incident collectors hand it over. */
export interface IncidentRecord {
  /** The tool: `pagerduty`, `opsgenie`. */
  source: string;
  /** The tool's id of the incident. */
  id: string;
  /** Short human number (`#1234` in PagerDuty, the tiny id in Opsgenie), when the tool has one. */
  number?: string;
  title: string;
  severity: Severity;
  /** Link to the incident in the tool. */
  url?: string;
  /** The Cockpit service it is mapped to. */
  service: string;
  startedAt: string;
  /** When it was resolved; absent while it is open. */
  resolvedAt?: string;
}

/**
 * Puts incidents on their services' timelines as `service-event` points of kind `incident`.
 *
 * A TIME_SERIES point is keyed by its `collectedAt` and never rewritten, so an incident is
 * two points that share `incident.key` (`<source>:<id>`):
 *
 * - the opening, at `startedAt`, `status: 'triggered'`;
 * - the resolution, at `resolvedAt`, `status: 'resolved'`, with `incident.resolvedAt` and
 *   `incident.durationMinutes`, emitted once the tool reports the incident resolved.
 *
 * Both values depend only on the incident, so every run may republish every incident of its
 * window: the sink keeps one point per time. Readers (the Cockpit timeline) fold the points of
 * one key into one incident, resolved or still open.
 */
export class IncidentTimeline {
  private readonly services = new Map<string, ResourceRef>();
  opened = 0;
  resolved = 0;

  constructor(private readonly ctx: CollectorContext<any>) {}

  add(record: IncidentRecord): void {
    let service = this.services.get(record.service);
    if (!service) {
      service = this.ctx.resources.service({ service: record.service });
      this.services.set(record.service, service);
    }
    const title = record.number
      ? `${record.number} ${record.title}`
      : record.title;
    const incident = {
      source: record.source,
      id: record.id,
      key: `${record.source}:${record.id}`,
      startedAt: record.startedAt,
    };
    const common = {
      kind: 'incident',
      severity: record.severity,
      ...(record.url ? { url: record.url } : {}),
    };
    this.ctx.readings['service-event'](
      service,
      { ...common, title, status: 'triggered', incident },
      { collectedAt: record.startedAt },
    );
    this.opened += 1;
    if (record.resolvedAt) {
      const durationMinutes = Math.max(
        0,
        Math.round(
          (Date.parse(record.resolvedAt) - Date.parse(record.startedAt)) /
            60_000,
        ),
      );
      this.ctx.readings['service-event'](
        service,
        {
          ...common,
          title: `Resolved: ${title}`,
          status: 'resolved',
          incident: {
            ...incident,
            resolvedAt: record.resolvedAt,
            durationMinutes,
          },
        },
        { collectedAt: record.resolvedAt },
      );
      this.resolved += 1;
    }
  }
}

/** `P1`..`P5` (PagerDuty priorities, Opsgenie priorities) to the product's severities. */
export function severityOfPriority(
  priority: string | undefined | null,
): Severity | undefined {
  const levels: Record<string, Severity> = {
    P1: 'CRITICAL',
    P2: 'HIGH',
    P3: 'MEDIUM',
    P4: 'LOW',
    P5: 'LOW',
  };
  return priority ? levels[priority.trim().toUpperCase()] : undefined;
}
