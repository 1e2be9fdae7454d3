import { NotFoundError } from '@backstage/errors';
import type { z } from 'zod';
import { cockpitReadPermission } from '@cockpit/plugin-cockpit-common';
import type { KnexCockpitStore } from '../database/KnexCockpitStore';
import { existingResource } from './existingResource';
import { optionalDate } from './input';
import type { RouteSpec } from './routeSpec';
import {
  ListChildrenQuery,
  ListReadingsQuery,
  ListResourcesQuery,
  LookupResourceQuery,
  pageOf,
  ReadingSchema,
  ResourceIdPath,
  ResourceSchema,
} from './schemas';

/**
 * A page of a resource's readings, as of `query.asOf` when given: the resource must have
 * existed then, or a 404 names the moment too.
 */
async function readingsOf(
  store: KnexCockpitStore,
  id: string,
  query: z.output<typeof ListReadingsQuery>,
) {
  const asOf = optionalDate(query.asOf);
  const resource = await store.getResource({ id, asOf });
  if (!resource)
    throw new NotFoundError(
      `No resource with id ${id}${asOf ? ` at ${query.asOf}` : ''}`,
    );
  return store.listReadings({
    resourceId: id,
    type: query.type,
    from: optionalDate(query.from),
    to: optionalDate(query.to),
    limit: query.limit,
    cursor: query.cursor,
    asOf,
  });
}

/** The resource routes of contract section 5: listing, look-up, children and current readings. */
export function resourceRoutes(context: {
  store: KnexCockpitStore;
}): RouteSpec[] {
  const { store } = context;
  return [
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
      handle: ({ path }) => existingResource(store, path.id),
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
        await existingResource(store, path.id);
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
      handle: ({ path, query }) => readingsOf(store, path.id, query),
    },
  ];
}
