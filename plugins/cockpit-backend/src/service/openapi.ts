import { z } from 'zod';
import type { RouteSpec } from './routeSpec';
import { ErrorBodySchema } from './schemas';

/** `/resources/:id` -> `/resources/{id}`. */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function jsonSchema(
  schema: z.ZodType,
  io: 'input' | 'output',
): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    target: 'openapi-3.0',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

function parameters(
  schema: z.ZodObject | undefined,
  location: 'path' | 'query',
) {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input') as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: location,
      required: location === 'path' || (object.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: propertySchema,
    };
  });
}

const errorResponse = (description: string) => ({
  description,
  content: {
    'application/json': { schema: { $ref: '#/components/schemas/Error' } },
  },
});

/** The body of a JSON answer in `schema`. */
const jsonContent = (schema: Record<string, unknown>) => ({
  'application/json': { schema },
});

/** `get` + the path in camel case without parameter braces: `getResourcesIdChildren`. */
function operationId(route: RouteSpec): string {
  return `${route.method}${toOpenApiPath(route.path)
    .replace(/[{}]/g, '')
    .replace(/[/-](\w)/g, (_, c) => c.toUpperCase())}`;
}

/** The answers a route can give: its result, and the errors its contract allows. */
function responses(route: RouteSpec): Record<string, unknown> {
  const ok = jsonContent(jsonSchema(route.response, 'output'));
  return {
    200: { description: 'OK', content: ok },
    400: errorResponse('A parameter is invalid; the message names it'),
    401: errorResponse('No Backstage credential'),
    403: errorResponse('The credential lacks the permission'),
    ...(route.pathParams ? { 404: errorResponse('Unknown id or name') } : {}),
    ...(route.status
      ? {
          207: {
            description:
              'Some of it was refused and quarantined; the body says which',
            content: ok,
          },
        }
      : {}),
    ...(route.body
      ? {
          413: errorResponse('The body is over the size limit'),
          415: errorResponse('The body is not sent as application/json'),
        }
      : {}),
    503: errorResponse(
      'The database is unavailable; try again after Retry-After seconds',
    ),
  };
}

/** One route as an OpenAPI operation. */
function operation(route: RouteSpec): Record<string, unknown> {
  return {
    summary: route.summary,
    operationId: operationId(route),
    'x-permission': route.permission.name,
    parameters: [
      ...parameters(route.pathParams, 'path'),
      ...parameters(route.query, 'query'),
    ],
    responses: responses(route),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: jsonContent(jsonSchema(route.body, 'input')),
          },
        }
      : {}),
  };
}

/** `GET /openapi.json` itself, which the router serves outside the route table. */
const openApiJsonPath = {
  get: {
    summary: 'This document',
    operationId: 'getOpenapiJson',
    'x-permission': 'cockpit.read',
    responses: {
      200: {
        description: 'OK',
        content: jsonContent({ type: 'object' }),
      },
      401: errorResponse('No Backstage credential'),
    },
  },
};

/** The operations of each path, in the order of the route table. */
function pathsOf(routes: RouteSpec[]): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = toOpenApiPath(route.path);
    paths[path] = { ...(paths[path] ?? {}), [route.method]: operation(route) };
  }
  paths['/openapi.json'] = openApiJsonPath;
  return paths;
}

/**
 * The OpenAPI 3.0 document of the Cockpit API, built from the same zod schemas and route
 * table the router uses, so it cannot drift from what the routes accept and answer.
 */
export function buildOpenApiDocument(options: {
  routes: RouteSpec[];
  calculations: {
    name: string;
    description: string;
    params: z.ZodObject | z.ZodType;
  }[];
}): Record<string, any> {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Cockpit Data Provider',
      version: '1',
      description:
        'Resources, readings, calculations, ingest and rejections of the Cockpit store. Base path /api/cockpit. ' +
        'Every route needs a Backstage credential (user, service or static token).',
    },
    servers: [{ url: '/api/cockpit' }],
    paths: pathsOf(options.routes),
    components: {
      schemas: { Error: jsonSchema(ErrorBodySchema, 'output') },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
    security: [{ bearer: [] }],
    'x-calculations': Object.fromEntries(
      options.calculations.map(c => [
        c.name,
        {
          description: c.description,
          parameters: jsonSchema(c.params, 'input'),
        },
      ]),
    ),
  };
}
