import { z } from 'zod';
import type { RouteSpec } from './routes';
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
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of options.routes) {
    const operation: Record<string, unknown> = {
      summary: route.summary,
      operationId: `${route.method}${toOpenApiPath(route.path)
        .replace(/[{}]/g, '')
        .replace(/[/-](\w)/g, (_, c) => c.toUpperCase())}`,
      'x-permission': route.permission.name,
      parameters: [
        ...parameters(route.pathParams, 'path'),
        ...parameters(route.query, 'query'),
      ],
      responses: {
        200: {
          description: 'OK',
          content: {
            'application/json': {
              schema: jsonSchema(route.response, 'output'),
            },
          },
        },
        400: errorResponse('A parameter is invalid; the message names it'),
        401: errorResponse('No Backstage credential'),
        403: errorResponse('The credential lacks the permission'),
        ...(route.pathParams
          ? { 404: errorResponse('Unknown id or name') }
          : {}),
        ...(route.status
          ? {
              207: {
                description:
                  'Some of it was refused and quarantined; the body says which',
                content: {
                  'application/json': {
                    schema: jsonSchema(route.response, 'output'),
                  },
                },
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
      },
    };
    if (route.body) {
      operation.requestBody = {
        required: true,
        content: {
          'application/json': { schema: jsonSchema(route.body, 'input') },
        },
      };
    }
    paths[toOpenApiPath(route.path)] = {
      ...(paths[toOpenApiPath(route.path)] ?? {}),
      [route.method]: operation,
    };
  }
  paths['/openapi.json'] = {
    get: {
      summary: 'This document',
      operationId: 'getOpenapiJson',
      'x-permission': 'cockpit.read',
      responses: {
        200: {
          description: 'OK',
          content: { 'application/json': { schema: { type: 'object' } } },
        },
        401: errorResponse('No Backstage credential'),
      },
    },
  };
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
    paths,
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
