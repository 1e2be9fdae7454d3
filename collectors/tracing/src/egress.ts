import { z } from 'zod';
import type { CollectorContext } from '@cockpit/collector-sdk';

/** One call relation seen in traces: `caller` called `upstream` `calls` times in the window. */
export interface TraceEdge {
  caller: string;
  upstream: string;
  calls: number;
}

/** Configuration shared by the tracing collectors: the environment and how trace names become services. */
export const TraceNamingSchema = z.object({
  /** The environment the traces come from (one X-Ray account and region, one Jaeger): the deployments' environment. */
  environment: z.string().min(1),
  /** Name in the traces -> Cockpit service, where they differ. */
  services: z.record(z.string(), z.string().min(1)).default({}),
  /** Trace names to leave out (health checkers, synthetic clients). */
  ignore: z.array(z.string()).default([]),
});

/** Configuration shared by the tracing collectors. */
export type TraceNaming = z.output<typeof TraceNamingSchema>;

/**
 * Publishes the `egress-dependencies` of each calling service's deployment in the
 * environment: the services it called in the window, by name, with the call counts (`calls`)
 * and where they were seen (`source`, `window`). A caller's own calls to itself are dropped.
 */
export function publishEgress(options: {
  ctx: CollectorContext<any>;
  naming: TraceNaming;
  edges: TraceEdge[];
  source: string;
  window: { from: Date; to: Date };
}): { deployments: number; edges: number } {
  const { ctx, naming } = options;
  const ignored = new Set(naming.ignore);
  const serviceOf = (name: string) => naming.services[name] ?? name;
  const byCaller = new Map<string, Map<string, number>>();
  for (const edge of options.edges) {
    if (ignored.has(edge.caller) || ignored.has(edge.upstream)) continue;
    const caller = serviceOf(edge.caller);
    const upstream = serviceOf(edge.upstream);
    if (caller === upstream) continue;
    const calls = byCaller.get(caller) ?? new Map<string, number>();
    calls.set(upstream, (calls.get(upstream) ?? 0) + edge.calls);
    byCaller.set(caller, calls);
  }
  let edges = 0;
  for (const [caller, calls] of [...byCaller].sort((a, b) =>
    a[0].localeCompare(b[0]),
  )) {
    const deployment = ctx.resources.serviceDeployment({
      service: caller,
      environment: naming.environment,
    });
    const upstreams = [...calls.keys()].sort();
    edges += upstreams.length;
    ctx.readings['egress-dependencies'](deployment, {
      upstreams,
      calls: Object.fromEntries(upstreams.map(u => [u, calls.get(u)!])),
      source: options.source,
      window: {
        from: options.window.from.toISOString(),
        to: options.window.to.toISOString(),
      },
    });
  }
  return { deployments: byCaller.size, edges };
}
