import type { BasicPermission } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import { InputError, NotFoundError } from '@backstage/errors';
import type { Knex } from 'knex';
import { z } from 'zod';
import {
  cockpitIngestPermission,
  cockpitReadPermission,
  cockpitRejectionsReadPermission,
  describeZodError,
  PublishBatchSchema,
} from '@cockpit/plugin-cockpit-common';
import type { Calculation } from '@cockpit/plugin-cockpit-node';
import {
  getResourceById,
  getResourceByTypeAndName,
  listChildren,
  listReadings,
  listRejections,
  listResources,
} from '../database/queries';
import {
  CalculationListSchema,
  CalculationNamePath,
  CalculationResultSchema,
  IngestResponseSchema,
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
export type IngestBody = (body: string) => Promise<z.infer<typeof IngestResponseSchema>>;

/** What the route handlers need. */
export interface RouteContext {
  knex: Knex;
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
  /** Schema of the 200 response. */
  response: z.ZodType;
  /** Routes that change data emit an audit event of this id, with `auditMeta` of the answer. */
  auditEventId?: string;
  auditMeta?(result: any): JsonObject;
  handle(input: { path: any; query: any; body: unknown }): Promise<unknown>;
}

/**
 * Parses request input with a zod schema.
 * @throws InputError whose message names each failing parameter
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new InputError(describeZodError(parsed.error));
  }
  return parsed.data;
}

/** The routes of contract section 5 (except `/openapi.json`, which the router serves from them). */
export function cockpitRoutes(context: RouteContext): RouteSpec[] {
  const { knex, calculations } = context;
  // Calculations are registered before the router is built; their schemas never change.
  const calculationList = {
    items: [...calculations.values()].map(calculation => ({
      name: calculation.name,
      description: calculation.description,
      params: z.toJSONSchema(calculation.params, { io: 'input', unrepresentable: 'any' }),
    })),
  };
  const routes: RouteSpec[] = [
    {
      method: 'get',
      path: '/resources',
      summary: 'List resources by type, exact name, name substring (q) or parent; ordered by type and name',
      permission: cockpitReadPermission,
      query: ListResourcesQuery,
      response: pageOf(ResourceSchema),
      handle: ({ query }) => listResources({ knex, ...query }),
    },
    {
      method: 'get',
      path: '/resources/lookup',
      summary: 'One resource by type and name',
      permission: cockpitReadPermission,
      query: LookupResourceQuery,
      response: ResourceSchema,
      async handle({ query }) {
        const resource = await getResourceByTypeAndName({ knex, ...query });
        if (!resource) throw new NotFoundError(`No ${query.type} named "${query.name}"`);
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
      async handle({ path }) {
        const resource = await getResourceById({ knex, id: path.id });
        if (!resource) throw new NotFoundError(`No resource with id ${path.id}`);
        return resource;
      },
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
        if (!(await getResourceById({ knex, id: path.id }))) {
          throw new NotFoundError(`No resource with id ${path.id}`);
        }
        return { items: await listChildren({ knex, id: path.id, type: query.type }) };
      },
    },
    {
      method: 'get',
      path: '/resources/:id/readings',
      summary: 'Readings of a resource, newest first',
      permission: cockpitReadPermission,
      pathParams: ResourceIdPath,
      query: ListReadingsQuery,
      response: pageOf(ReadingSchema),
      async handle({ path, query }) {
        if (!(await getResourceById({ knex, id: path.id }))) {
          throw new NotFoundError(`No resource with id ${path.id}`);
        }
        return listReadings({
          knex,
          resourceId: path.id,
          type: query.type,
          from: query.from ? new Date(query.from) : undefined,
          to: query.to ? new Date(query.to) : undefined,
          limit: query.limit,
          cursor: query.cursor,
        });
      },
    },
    {
      method: 'get',
      path: '/calculations',
      summary: 'The registered calculations with the JSON Schema of their parameters',
      permission: cockpitReadPermission,
      response: CalculationListSchema,
      handle: async () => calculationList,
    },
    {
      method: 'get',
      path: '/calculations/:name',
      summary: "Runs a calculation with its query parameters (GET /calculations lists each one's)",
      permission: cockpitReadPermission,
      pathParams: CalculationNamePath,
      response: CalculationResultSchema,
      async handle({ path, query }) {
        const calculation = calculations.get(path.name);
        if (!calculation) throw new NotFoundError(`No calculation named "${path.name}"`);
        const params = parseInput(calculation.params, query);
        return calculation.run({ knex, params });
      },
    },
    {
      method: 'get',
      path: '/rejections',
      summary: 'Quarantined input with the reason it was refused, newest first',
      permission: cockpitRejectionsReadPermission,
      query: ListRejectionsQuery,
      response: pageOf(RejectionSchema),
      handle: ({ query }) => listRejections({ knex, ...query }),
    },
  ];
  const ingest = context.ingest;
  if (ingest) {
    routes.push({
      method: 'post',
      path: '/ingest',
      summary: 'Ingests one publish batch through the sink core; answers the outcome of each message',
      permission: cockpitIngestPermission,
      body: PublishBatchSchema,
      response: IngestResponseSchema,
      handle: ({ body }) => ingest(typeof body === 'string' ? body : JSON.stringify(body ?? '')),
      auditEventId: 'ingest',
      auditMeta: (outcome: z.infer<typeof IngestResponseSchema>) => ({
        accepted: outcome.accepted,
        rejected: outcome.rejected,
        ...(outcome.batchRejected !== undefined && { batchRejected: outcome.batchRejected }),
      }),
    });
  }
  return routes;
}
