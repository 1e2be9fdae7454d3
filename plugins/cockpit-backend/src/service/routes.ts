import type { BasicPermission } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import { InputError, NotFoundError } from '@backstage/errors';
import { z } from 'zod';
import {
  cockpitIngestPermission,
  cockpitReadPermission,
  cockpitRejectionsReadPermission,
  describeZodError,
  IngestResponse,
  IngestResponseSchema,
  PublishBatchSchema,
} from '@cockpit/plugin-cockpit-common';
import type { Calculation } from '@cockpit/plugin-cockpit-node';
import type { KnexCockpitStore } from '../database/KnexCockpitStore';
import { collectorRoutes } from '../collectors/collectorsRoute';
import { historyRoutes, optionalDate } from './historyRoutes';
import {
  CalculationListSchema,
  CalculationNamePath,
  CalculationQuery,
  CalculationResultSchema,
  ListChildrenQuery,
  ListReadingsQuery,
  ListRejectionsQuery,
  ListResourcesQuery,
  LookupResourceQuery,
  pageOf,
  ReadingSchema,
  RejectionSchema,
  ResourceIdPath,
  ResourceSchema,
} from './schemas';

/** Runs the sink's core on one raw body received over HTTP. */
export type IngestBody = (body: string) => Promise<IngestResponse>;

/** What the route handlers need. */
export interface RouteContext {
  store: KnexCockpitStore;
  calculations: ReadonlyMap<string, Calculation>;
  ingest?: IngestBody;
}

/** One route: its contract (used by the router and the OpenAPI document alike) and handler. */
export interface RouteSpec {
  method: 'get' | 'post';
  /** Express path, relative to `/api/cockpit`. */
  path: string;
  summary: string;
  permission: BasicPermission;
  pathParams?: z.ZodObject;
  query?: z.ZodObject;
  /** Request body, documented; the route receives it raw. */
  body?: z.ZodType;
  /** Schema of the 200 response (and of the 207 response, when `status` gives one). */
  response: z.ZodType;
  /** Routes that change data emit an audit event of this id, with `auditMeta` of the answer. */
  auditEventId?: string;
  auditMeta?(result: any): JsonObject;
  handle(input: { path: any; query: any; body: unknown }): Promise<unknown>;
  /** The success status of a result, when not always 200. */
  status?(result: any): number;
}

/**
 * Parses request input with a zod schema.
 * @throws InputError whose message names each failing parameter
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new InputError(describeZodError(parsed.error));
  }
  return parsed.data;
}

/** The routes of contract section 5 (except `/openapi.json`, which the router serves from them). */
export function cockpitRoutes(context: RouteContext): RouteSpec[] {
  const { store, calculations } = context;
  /** The resource with this id, or a 404 naming it. */
  const existingResource = async (id: string) => {
    const resource = await store.getResource({ id });
    if (!resource) throw new NotFoundError(`No resource with id ${id}`);
    return resource;
  };
  // Calculations are registered before the router is built; their schemas never change.
  const calculationList = {
    items: [...calculations.values()].map(calculation => ({
      name: calculation.name,
      description: calculation.description,
      params: z.toJSONSchema(calculation.params, {
        io: 'input',
        unrepresentable: 'any',
      }),
    })),
  };
  const routes: RouteSpec[] = [
    {
      method: 'get',
      path: '/resources',
      summary:
        'List resources by type, exact name, name substring (q) or parent; ordered by type and name',
      permission: cockpitReadPermission,
      query: ListResourcesQuery,
      response: pageOf(ResourceSchema),
      handle: ({ query: { q, ...query } }) =>
        store.listResources({ ...query, nameContains: q }),
    },
    {
      method: 'get',
      path: '/resources/lookup',
      summary: 'One resource by type and name',
      permission: cockpitReadPermission,
      query: LookupResourceQuery,
      response: ResourceSchema,
      async handle({ query }) {
        const resource = await store.getResource({
          type: query.type,
          name: query.name,
        });
        if (!resource)
          throw new NotFoundError(`No ${query.type} named "${query.name}"`);
        return resource;
      },
    },
    {
      method: 'get',
      path: '/resources/:id',
      summary: 'One resource by id',
      permission: cockpitReadPermission,
      pathParams: ResourceIdPath,
      response: ResourceSchema,
      handle: ({ path }) => existingResource(path.id),
    },
    {
      method: 'get',
      path: '/resources/:id/children',
      summary: 'The direct children of a resource',
      permission: cockpitReadPermission,
      pathParams: ResourceIdPath,
      query: ListChildrenQuery,
      response: pageOf(ResourceSchema),
      async handle({ path, query }) {
        await existingResource(path.id);
        return {
          items: await store.listChildren({
            parentIds: [path.id],
            type: query.type,
          }),
        };
      },
    },
    {
      method: 'get',
      path: '/resources/:id/readings',
      summary:
        'Readings of a resource, newest first (as of a moment: the versions in force then)',
      permission: cockpitReadPermission,
      pathParams: ResourceIdPath,
      query: ListReadingsQuery,
      response: pageOf(ReadingSchema),
      async handle({ path, query }) {
        const asOf = optionalDate(query.asOf);
        const resource = await store.getResource({ id: path.id, asOf });
        if (!resource)
          throw new NotFoundError(
            `No resource with id ${path.id}${asOf ? ` at ${query.asOf}` : ''}`,
          );
        return store.listReadings({
          resourceId: path.id,
          type: query.type,
          from: optionalDate(query.from),
          to: optionalDate(query.to),
          limit: query.limit,
          cursor: query.cursor,
          asOf,
        });
      },
    },
    {
      method: 'get',
      path: '/calculations',
      summary:
        'The registered calculations with the JSON Schema of their parameters',
      permission: cockpitReadPermission,
      response: CalculationListSchema,
      handle: async () => calculationList,
    },
    {
      method: 'get',
      path: '/calculations/:name',
      summary:
        "Runs a calculation with its query parameters (GET /calculations lists each one's); asOf= runs it as of that moment",
      permission: cockpitReadPermission,
      pathParams: CalculationNamePath,
      query: CalculationQuery,
      response: CalculationResultSchema,
      async handle({ path, query: { asOf, ...query } }) {
        const calculation = calculations.get(path.name);
        if (!calculation)
          throw new NotFoundError(`No calculation named "${path.name}"`);
        const params = parseInput(calculation.params, query);
        // Every reader of the store it is given answers as of the moment: any calculation,
        // shipped or a module's, gets asOf without code of its own.
        return calculation.run({
          store: asOf ? store.asOf(new Date(asOf)) : store,
          unsafeKnex: () => store.unsafeKnex(),
          params,
        });
      },
    },
    {
      method: 'get',
      path: '/rejections',
      summary: 'Quarantined input with the reason it was refused, newest first',
      permission: cockpitRejectionsReadPermission,
      query: ListRejectionsQuery,
      response: pageOf(RejectionSchema),
      handle: ({ query }) => store.listRejections(query),
    },
    ...historyRoutes({ store, existingResource }),
    ...collectorRoutes({ store }),
  ];
  const ingest = context.ingest;
  if (ingest) {
    routes.push({
      method: 'post',
      path: '/ingest',
      summary:
        'Ingests one publish batch through the sink core; answers the outcome of each message (207 when some were quarantined)',
      permission: cockpitIngestPermission,
      body: PublishBatchSchema,
      response: IngestResponseSchema,
      handle: ({ body }) => ingest(typeof body === 'string' ? body : ''),
      status: (outcome: z.infer<typeof IngestResponseSchema>) =>
        outcome.rejected > 0 ? 207 : 200,
      auditEventId: 'ingest',
      auditMeta: (outcome: z.infer<typeof IngestResponseSchema>) => ({
        accepted: outcome.accepted,
        rejected: outcome.rejected,
      }),
    });
  }
  return routes;
}
