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
import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { cockpitReadPermission } from '@cockpit/plugin-cockpit-common';
import { isDatabaseUnavailable } from '@cockpit/store';
import { UnsupportedMediaTypeError } from './errors';
import { buildOpenApiDocument } from './openapi';
import { cockpitRoutes, parseInput, RouteContext } from './routes';

/** The largest ingest body accepted (a batch fits in 256 KiB; room for whitespace). */
const MAX_INGEST_BODY = '1mb';

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
  const { httpAuth, permissions, auditor } = options;
  const routes = cockpitRoutes(options);
  const openApiDocument = buildOpenApiDocument({
    routes,
    calculations: [...options.calculations.values()],
  });

  async function authorize(req: express.Request, permission: BasicPermission) {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
  }

  const router = Router();
  router.get('/openapi.json', async (req, res) => {
    await authorize(req, cockpitReadPermission);
    res.json(openApiDocument);
  });
  for (const route of routes) {
    const handlers: express.RequestHandler[] = [];
    if (route.body) {
      // The raw text goes to the sink core, which quarantines invalid JSON instead of failing.
      handlers.push(express.text({ type: () => true, limit: MAX_INGEST_BODY }));
    }
    router[route.method](route.path, ...handlers, async (req, res) => {
      await authorize(req, route.permission);
      if (route.body && !req.is(['application/json', 'application/*+json'])) {
        throw new UnsupportedMediaTypeError(
          `${req.method} ${req.path} takes application/json, not ${
            req.get('content-type') ?? 'a body without a content type'
          }`,
        );
      }
      const path = route.pathParams
        ? parseInput(route.pathParams, req.params)
        : {};
      // Calculations parse their own parameters; other routes refuse unknown ones.
      const query = route.query
        ? parseInput(route.query, req.query)
        : req.query;
      const respond = (result: unknown) =>
        res.status(route.status?.(result) ?? 200).json(result);
      if (!route.auditEventId) {
        respond(await route.handle({ path, query, body: req.body }));
        return;
      }
      const audit = await auditor.createEvent({
        eventId: route.auditEventId,
        severityLevel: 'medium',
        request: req,
      });
      try {
        const result = await route.handle({ path, query, body: req.body });
        await audit.success({ meta: route.auditMeta?.(result) });
        respond(result);
      } catch (error) {
        await audit.fail({ error: error as Error });
        throw error;
      }
    });
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
