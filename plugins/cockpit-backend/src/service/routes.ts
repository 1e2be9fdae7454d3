import { collectorRoutes } from '../collectors/collectorsRoute';
import { calculationRoutes } from './calculationRoutes';
import { historyRoutes } from './historyRoutes';
import { ingestRoutes, rejectionRoutes } from './ingestRoutes';
import { resourceRoutes } from './resourceRoutes';
import type { RouteContext, RouteSpec } from './routeSpec';

/**
 * The routes of contract section 5 (except `/openapi.json`, which the router serves from them),
 * in the order they are matched and documented in.
 */
export function cockpitRoutes(context: RouteContext): RouteSpec[] {
  const { store } = context;
  return [
    ...resourceRoutes({ store }),
    ...calculationRoutes(context),
    ...rejectionRoutes({ store }),
    ...historyRoutes({ store }),
    ...collectorRoutes({ store }),
    ...ingestRoutes(context),
  ];
}
