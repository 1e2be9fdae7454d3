import {
  paginateGetServiceGraph,
  Service,
  XRayClient,
} from '@aws-sdk/client-xray';
import { z } from 'zod';
import { defineCollector } from '@cockpit/collector-sdk';
import { publishEgress, TraceEdge, TraceNamingSchema } from './egress';

/**
 * X-Ray node types that are data stores and AWS services rather than services of the fleet
 * (`AWS::DynamoDB::Table`, `AWS::S3`, ...): left out of the upstreams unless asked for.
 */
const COMPUTE_TYPES = new Set([
  'AWS::EC2::Instance',
  'AWS::ECS::Container',
  'AWS::EKS::Container',
  'AWS::ElasticBeanstalk::Environment',
  'AWS::Lambda::Function',
  'AWS::Lambda',
  'AWS::ApiGateway::Stage',
  'AWS::AppRunner::Service',
]);

/** Configuration of the X-Ray collector. */
export const XRayCollectorConfigSchema = TraceNamingSchema.extend({
  region: z.string().optional(),
  /** An X-Ray group to read the graph of (default: all traces). */
  groupName: z.string().optional(),
  /** The window of traces, in minutes back from now (GetServiceGraph allows up to 6 hours). */
  lookbackMinutes: z.number().int().min(1).max(360).default(360),
  /** Also list `remote` nodes and AWS resources (tables, queues, buckets) as upstreams, by their X-Ray name. */
  includeExternal: z.boolean().default(false),
  /** Endpoint override (LocalStack, a recorded-response server for dry-runs). */
  endpoint: z.string().url().optional(),
});

/** Configuration of the X-Ray collector. */
export type XRayCollectorConfig = z.output<typeof XRayCollectorConfigSchema>;

/**
 * Whether an X-Ray node is a service of the fleet: an instrumented application (an AWS compute
 * type from the SDK's plugins, or no type at all), not a client, a `remote` endpoint, an AWS
 * service or a data store (`Database::SQL`).
 */
export function isFleetService(node: Service): boolean {
  const type = node.Type ?? '';
  if (type === 'client' || type === 'remote') return false;
  // `AWS::DynamoDB::Table`, `AWS::S3`, `Database::SQL`, ...: stores and AWS APIs
  return COMPUTE_TYPES.has(type) || !type.includes('::');
}

/** The call edges of X-Ray service graph nodes: caller -> upstream with the number of calls. */
export function serviceGraphEdges(
  nodes: Service[],
  options: { includeExternal: boolean },
): TraceEdge[] {
  const byReference = new Map(nodes.map(node => [node.ReferenceId, node]));
  const edges: TraceEdge[] = [];
  for (const caller of nodes) {
    if (!caller.Name || !isFleetService(caller)) continue;
    for (const edge of caller.Edges ?? []) {
      const upstream = byReference.get(edge.ReferenceId);
      if (!upstream?.Name || upstream.Type === 'client') continue;
      if (!options.includeExternal && !isFleetService(upstream)) continue;
      edges.push({
        caller: caller.Name,
        upstream: upstream.Name,
        calls: edge.SummaryStatistics?.TotalCount ?? 0,
      });
    }
  }
  return edges;
}

/**
 * Egress dependencies from the AWS X-Ray service graph (`GetServiceGraph`, every page) ->
 * `egress-dependencies` of each calling service's deployment in the environment. Needs
 * `xray:GetServiceGraph`.
 */
export const xrayCollector = defineCollector({
  id: 'xray',
  description:
    'Egress dependencies (the services each one calls) from the AWS X-Ray service graph',
  schedule: 'rate(1 hour)',
  configSchema: XRayCollectorConfigSchema,
  async collect(ctx) {
    const { config } = ctx;
    const client = new XRayClient({
      ...(config.region ? { region: config.region } : {}),
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    });
    const to = ctx.now();
    const from = new Date(to.getTime() - config.lookbackMinutes * 60_000);
    const nodes: Service[] = [];
    let pages = 0;
    for await (const page of paginateGetServiceGraph(
      { client },
      {
        StartTime: from,
        EndTime: to,
        ...(config.groupName ? { GroupName: config.groupName } : {}),
      },
    )) {
      pages += 1;
      nodes.push(...(page.Services ?? []));
    }
    const published = publishEgress({
      ctx,
      naming: config,
      edges: serviceGraphEdges(nodes, config),
      source: 'xray',
      window: { from, to },
    });
    ctx.logger.info(
      `read ${nodes.length} service graph nodes in ${pages} pages: ${published.edges} upstreams of ${published.deployments} deployments`,
    );
  },
});
