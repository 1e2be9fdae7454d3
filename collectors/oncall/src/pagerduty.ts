import { z } from 'zod';
import { defineCollector, fetchSourceJson } from '@cockpit/collector-sdk';
import {
  CatalogSourceSchema,
  servicesByAnnotation,
} from '@cockpit/collector-catalog';
import type { Severity } from '@cockpit/plugin-cockpit-common';
import { IncidentTimeline, severityOfPriority } from './incidentEvents';

/** Catalog annotation naming the PagerDuty service of a Component (as Backstage's PagerDuty plugin reads it). */
export const PAGERDUTY_SERVICE_ANNOTATION = 'pagerduty.com/service-id';

/** The part of a PagerDuty REST API v2 incident this collector reads. */
export interface PagerDutyIncident {
  id: string;
  incident_number?: number;
  title: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency?: 'high' | 'low';
  created_at: string;
  resolved_at?: string | null;
  last_status_change_at?: string;
  html_url?: string;
  service: { id: string; summary?: string };
  priority?: { summary?: string; name?: string } | null;
}

/** A page of `GET /incidents`: classic offset paging. */
interface PagerDutyIncidentPage {
  incidents: PagerDutyIncident[];
  limit: number;
  offset: number;
  more: boolean;
}

/** Configuration of the PagerDuty collector. */
export const PagerDutyCollectorConfigSchema = z
  .object({
    /** REST API base; `https://api.eu.pagerduty.com` for the EU service region. */
    baseUrl: z.string().url().default('https://api.pagerduty.com'),
    /** A REST API key (read-only is enough). */
    token: z.string().min(1),
    /** PagerDuty service id -> Cockpit service. */
    services: z.record(z.string(), z.string().min(1)).default({}),
    /** Also map the Components that carry `pagerduty.com/service-id`. */
    catalog: CatalogSourceSchema.optional(),
    /** Incidents created this many days back are read (and their resolutions); PagerDuty allows 180. */
    lookbackDays: z.number().int().min(1).max(180).default(30),
    pageSize: z.number().int().min(1).max(100).default(100),
  })
  .refine(c => Object.keys(c.services).length > 0 || c.catalog, {
    message: 'map at least one service: set services or catalog',
  });

/** Configuration of the PagerDuty collector. */
export type PagerDutyCollectorConfig = z.output<
  typeof PagerDutyCollectorConfigSchema
>;

/** Severity of a PagerDuty incident: its priority when set (P1 critical ... P5 low), else its urgency. */
export function pagerDutySeverity(incident: PagerDutyIncident): Severity {
  const byUrgency: Record<string, Severity> = { high: 'HIGH', low: 'LOW' };
  return (
    severityOfPriority(incident.priority?.summary ?? incident.priority?.name) ??
    byUrgency[incident.urgency ?? ''] ??
    'UNKNOWN'
  );
}

/**
 * Incidents of the mapped PagerDuty services (REST API v2 `GET /incidents`, every page) ->
 * `service-event` points of kind `incident`: the opening at `created_at`, the resolution at
 * `resolved_at` (see {@link IncidentTimeline}).
 */
export const pagerDutyCollector = defineCollector({
  id: 'pagerduty',
  description:
    'PagerDuty incidents, opened and resolved, on each service timeline',
  schedule: 'rate(5 minutes)',
  configSchema: PagerDutyCollectorConfigSchema,
  async collect(ctx) {
    const { config } = ctx;
    const services = new Map(Object.entries(config.services));
    if (config.catalog) {
      const annotated = await servicesByAnnotation({
        source: config.catalog,
        annotation: PAGERDUTY_SERVICE_ANNOTATION,
        signal: ctx.signal,
      });
      // the explicit mapping wins over the catalog
      for (const [id, service] of annotated)
        if (!services.has(id)) services.set(id, service);
    }
    if (services.size === 0) {
      ctx.logger.warn(
        `no PagerDuty service is mapped (no ${PAGERDUTY_SERVICE_ANNOTATION} in the catalog): nothing to read`,
      );
      return;
    }
    const now = ctx.now();
    const since = new Date(now.getTime() - config.lookbackDays * 86_400_000);
    const timeline = new IncidentTimeline(ctx);
    const base = config.baseUrl.replace(/\/+$/, '');
    let offset = 0;
    let pages = 0;
    for (;;) {
      const params = new URLSearchParams({
        since: since.toISOString(),
        until: now.toISOString(),
        time_zone: 'UTC',
        sort_by: 'created_at:asc',
        limit: String(config.pageSize),
        offset: String(offset),
      });
      for (const id of services.keys()) params.append('service_ids[]', id);
      const page = await fetchSourceJson<PagerDutyIncidentPage>({
        url: `${base}/incidents?${params}`,
        headers: {
          authorization: `Token token=${config.token}`,
          accept: 'application/vnd.pagerduty+json;version=2',
        },
        signal: ctx.signal,
      });
      pages += 1;
      for (const incident of page!.incidents) {
        const service = services.get(incident.service.id);
        if (!service) continue;
        const resolvedAt =
          incident.status === 'resolved'
            ? incident.resolved_at ?? incident.last_status_change_at
            : undefined;
        timeline.add({
          source: 'pagerduty',
          id: incident.id,
          number:
            incident.incident_number !== undefined
              ? `#${incident.incident_number}`
              : undefined,
          title: incident.title,
          severity: pagerDutySeverity(incident),
          url: incident.html_url,
          service,
          startedAt: incident.created_at,
          resolvedAt: resolvedAt ?? undefined,
        });
      }
      if (!page!.more || page!.incidents.length === 0) break;
      offset += page!.incidents.length;
    }
    ctx.logger.info(
      `read ${timeline.opened} incidents (${timeline.resolved} resolved) of ${services.size} services in ${pages} pages`,
    );
  },
});
