import { InputError, NotFoundError } from '@backstage/errors';
import {
  cockpitReadPermission,
  resourceId,
} from '@cockpit/plugin-cockpit-common';
import type { KnexCockpitStore } from '../database/KnexCockpitStore';
import { existingResource } from './existingResource';
import { optionalDate } from './input';
import type { RouteSpec } from './routeSpec';
import {
  ChangeSchema,
  ListChangesQuery,
  pageOf,
  ReadingHistoryPath,
  ReadingHistoryQuery,
  ReadingVersionSchema,
} from './schemas';

/** The history routes of contract section 7: a reading's versions and the change feed. */
export function historyRoutes(context: {
  store: KnexCockpitStore;
}): RouteSpec[] {
  const { store } = context;
  return [
    {
      method: 'get',
      path: '/resources/:id/readings/:type/history',
      summary:
        'The versions of one SNAPSHOT reading, newest first, with when each began and ended and its provenance',
      permission: cockpitReadPermission,
      pathParams: ReadingHistoryPath,
      query: ReadingHistoryQuery,
      response: pageOf(ReadingVersionSchema),
      async handle({ path, query }) {
        await existingResource(store, path.id);
        return store.readingHistory({
          resourceId: path.id,
          type: path.type,
          from: optionalDate(query.from),
          to: optionalDate(query.to),
          limit: query.limit,
          cursor: query.cursor,
        });
      },
    },
    {
      method: 'get',
      path: '/changes',
      summary:
        "What changed in a window, newest first: new versions of readings (with the value before) and deleted resources, fleet-wide or for a service's subtree",
      permission: cockpitReadPermission,
      query: ListChangesQuery,
      response: pageOf(ChangeSchema),
      async handle({ query }) {
        const since = new Date(query.since);
        const until = optionalDate(query.until);
        if (until && until.getTime() < since.getTime())
          throw new InputError('until: must not be before since');
        let serviceId: string | undefined;
        if (query.service) {
          serviceId = resourceId('Service', query.service);
          if (!(await store.getResource({ id: serviceId })))
            throw new NotFoundError(`No Service named "${query.service}"`);
        }
        return store.listChanges({
          since,
          until,
          serviceId,
          resourceType: query.resourceType,
          readingType: query.readingType,
          limit: query.limit,
          cursor: query.cursor,
        });
      },
    },
  ];
}
