import { z } from 'zod';
import { defineCollector, fetchSourceJson } from '@cockpit/collector-sdk';
import { publishEgress, TraceNamingSchema } from './egress';

/** One link of Jaeger's `GET /api/dependencies` answer. */
export interface JaegerDependencyLink {
  parent: string;
  child: string;
  callCount: number;
  source?: string;
}

/** Configuration of the Jaeger collector. */
export const JaegerCollectorConfigSchema = TraceNamingSchema.extend({
  /** Jaeger Query's base, e.g. `http://jaeger-query:16686`. */
  baseUrl: z.string().url(),
  /** Sent as a bearer token when Jaeger Query sits behind an authenticating proxy. */
  token: z.string().optional(),
  /** The window of traces to read, in minutes back from now (default one day). */
  lookbackMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(24 * 60),
});

/** Configuration of the Jaeger collector. */
export type JaegerCollectorConfig = z.output<
  typeof JaegerCollectorConfigSchema
>;

/**
 * Egress dependencies from Jaeger's service dependency links (`GET /api/dependencies?endTs=&lookback=`,
 * milliseconds) -> `egress-dependencies` of each calling service's deployment in the environment.
 */
export const jaegerCollector = defineCollector({
  id: 'jaeger',
  description: 'Egress dependencies (the services each one calls) from Jaeger',
  schedule: 'rate(1 hour)',
  configSchema: JaegerCollectorConfigSchema,
  async collect(ctx) {
    const { config } = ctx;
    const to = ctx.now();
    const lookback = config.lookbackMinutes * 60_000;
    const params = new URLSearchParams({
      endTs: String(to.getTime()),
      lookback: String(lookback),
    });
    const answer = await fetchSourceJson<{
      data: JaegerDependencyLink[] | null;
      errors?: unknown;
    }>({
      url: `${config.baseUrl.replace(/\/+$/, '')}/api/dependencies?${params}`,
      headers: config.token ? { authorization: `Bearer ${config.token}` } : {},
      signal: ctx.signal,
    });
    const links = answer?.data ?? [];
    const published = publishEgress({
      ctx,
      naming: config,
      edges: links.map(link => ({
        caller: link.parent,
        upstream: link.child,
        calls: link.callCount,
      })),
      source: 'jaeger',
      window: { from: new Date(to.getTime() - lookback), to },
    });
    ctx.logger.info(
      `read ${links.length} dependency links: ${published.edges} upstreams of ${published.deployments} deployments`,
    );
  },
});
