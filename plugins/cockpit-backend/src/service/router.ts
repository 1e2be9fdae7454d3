import express from 'express';
import Router from 'express-promise-router';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { cockpitReadPermission } from '@cockpit/plugin-cockpit-common';
import { isDatabaseUnavailable } from '@cockpit/store';
import { createAuthorize } from './authorize';
import { buildOpenApiDocument } from './openapi';
import { routeHandlers } from './routeHandlers';
import { cockpitRoutes } from './routes';
import type { RouteContext } from './routeSpec';

/** Seconds a client is told to wait when the database is unavailable (`Retry-After`). */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Builds the Cockpit API router from the route table; errors go through Backstage's error middleware. */
export async function createRouter(
  options: RouteContext & {
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    auditor: AuditorService;
    config: RootConfigService;
    logger: LoggerService;
  },
): Promise<express.Router> {
  const authorize = createAuthorize(options);
  const routes = cockpitRoutes(options);
  const openApiDocument = buildOpenApiDocument({
    routes,
    calculations: [...options.calculations.values()],
  });

  const router = Router();
  router.get('/openapi.json', async (req, res) => {
    await authorize(req, cockpitReadPermission);
    res.json(openApiDocument);
  });
  for (const route of routes) {
    router[route.method](
      route.path,
      ...routeHandlers(route, { authorize, auditor: options.auditor }),
    );
  }
  router.use(mapErrors(options.logger));
  router.use(
    MiddlewareFactory.create({
      config: options.config,
      logger: options.logger,
    }).error(),
  );
  return router;
}

/**
 * The one place where errors become HTTP answers, ahead of Backstage's error middleware
 * (which maps @backstage/errors classes to statuses and writes the body): a database that
 * cannot be reached is a 503 with `Retry-After`, whose message does not give its address.
 */
function mapErrors(logger: LoggerService): express.ErrorRequestHandler {
  return (error, _req, res, next) => {
    let mapped = error;
    if (
      !(error instanceof ServiceUnavailableError) &&
      isDatabaseUnavailable(error)
    ) {
      logger.warn('the database is unavailable', { error: String(error) });
      mapped = new ServiceUnavailableError(
        'the database is unavailable; try again later',
      );
    }
    if (mapped instanceof ServiceUnavailableError && !res.headersSent) {
      res.set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    }
    next(mapped);
  };
}
