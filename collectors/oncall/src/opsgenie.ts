import { z } from 'zod';
import { defineCollector, fetchSourceJson } from '@cockpit/collector-sdk';
import { IncidentTimeline, severityOfPriority } from './incidentEvents';

/** The part of an Opsgenie alert (Alert API v2, `GET /v2/alerts`) this collector reads. */
export interface OpsgenieAlert {
  id: string;
  tinyId?: string;
  message: string;
  status: 'open' | 'closed';
  acknowledged?: boolean;
  tags?: string[];
  priority?: string;
  createdAt: string;
  updatedAt?: string;
  /** Times since creation in milliseconds, once the alert was acknowledged / closed. */
  report?: { ackTime?: number; closeTime?: number; closedBy?: string };
}

/** A page of `GET /v2/alerts`: `paging.next` is the URL of the next page. */
interface OpsgenieAlertPage {
  data: OpsgenieAlert[];
  paging?: { next?: string };
}

/** Configuration of the Opsgenie collector. */
export const OpsgenieCollectorConfigSchema = z.object({
  /** API base; `https://api.eu.opsgenie.com` for the EU instance. */
  baseUrl: z.string().url().default('https://api.opsgenie.com'),
  /** The account's web address, e.g. `https://acme.app.opsgenie.com`, to link each alert. */
  webUrl: z.string().url().optional(),
  /** An API integration key with read access. */
  apiKey: z.string().min(1),
  /** An alert tagged `<prefix><service>` belongs to that service (default `service:`). */
  serviceTagPrefix: z.string().default('service:'),
  /** Any other tag -> Cockpit service, e.g. `{ "payments": "payment-service" }`. */
  tagServices: z.record(z.string(), z.string().min(1)).default({}),
  /** Extra Opsgenie search query ANDed to the time window, e.g. `priority<=P3`. */
  query: z.string().optional(),
  /** Alerts created this many days back are read (and their closing). */
  lookbackDays: z.number().int().min(1).max(365).default(30),
  pageSize: z.number().int().min(1).max(100).default(100),
});

/** Configuration of the Opsgenie collector. */
export type OpsgenieCollectorConfig = z.output<
  typeof OpsgenieCollectorConfigSchema
>;

/** The Cockpit service of an alert from its tags, or undefined. */
export function serviceOfAlert(
  alert: OpsgenieAlert,
  config: Pick<OpsgenieCollectorConfig, 'serviceTagPrefix' | 'tagServices'>,
) {
  for (const tag of alert.tags ?? []) {
    if (
      config.serviceTagPrefix &&
      tag.startsWith(config.serviceTagPrefix) &&
      tag.length > config.serviceTagPrefix.length
    ) {
      return tag.slice(config.serviceTagPrefix.length);
    }
    if (config.tagServices[tag]) return config.tagServices[tag];
  }
  return undefined;
}

/**
 * Opsgenie alerts (Alert API v2, every page through `paging.next`) -> `service-event` points
 * of kind `incident`: the opening at `createdAt`, and the closing at `createdAt +
 * report.closeTime` once the alert is closed (see {@link IncidentTimeline}). Alerts are mapped
 * to services by tag.
 */
export const opsgenieCollector = defineCollector({
  id: 'opsgenie',
  description: 'Opsgenie alerts, opened and closed, on each service timeline',
  schedule: 'rate(5 minutes)',
  configSchema: OpsgenieCollectorConfigSchema,
  async collect(ctx) {
    const { config } = ctx;
    const since = ctx.now().getTime() - config.lookbackDays * 86_400_000;
    const query = [
      `createdAt>=${since}`,
      ...(config.query ? [`(${config.query})`] : []),
    ].join(' AND ');
    const params = new URLSearchParams({
      query,
      limit: String(config.pageSize),
      offset: '0',
      sort: 'createdAt',
      order: 'asc',
    });
    const timeline = new IncidentTimeline(ctx);
    let unmapped = 0;
    let pages = 0;
    let url: string | undefined = `${config.baseUrl.replace(
      /\/+$/,
      '',
    )}/v2/alerts?${params}`;
    while (url) {
      const page: OpsgenieAlertPage | undefined =
        await fetchSourceJson<OpsgenieAlertPage>({
          url,
          headers: { authorization: `GenieKey ${config.apiKey}` },
          signal: ctx.signal,
        });
      pages += 1;
      for (const alert of page!.data) {
        const service = serviceOfAlert(alert, config);
        if (!service) {
          unmapped += 1;
          continue;
        }
        const closeTime =
          alert.status === 'closed' ? alert.report?.closeTime : undefined;
        timeline.add({
          source: 'opsgenie',
          id: alert.id,
          number: alert.tinyId ? `#${alert.tinyId}` : undefined,
          title: alert.message,
          severity: severityOfPriority(alert.priority) ?? 'UNKNOWN',
          url: config.webUrl
            ? `${config.webUrl.replace(/\/+$/, '')}/alert/detail/${
                alert.id
              }/details`
            : undefined,
          service,
          startedAt: alert.createdAt,
          resolvedAt:
            closeTime !== undefined
              ? new Date(Date.parse(alert.createdAt) + closeTime).toISOString()
              : undefined,
        });
      }
      url = page!.data.length > 0 ? page!.paging?.next : undefined;
    }
    ctx.logger.info(
      `read ${timeline.opened} alerts (${timeline.resolved} closed) in ${pages} pages; ${unmapped} without a service tag`,
    );
  },
});
