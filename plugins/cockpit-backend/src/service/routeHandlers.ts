import express from 'express';
import type { AuditorService } from '@backstage/backend-plugin-api';
import type { Authorize } from './authorize';
import { UnsupportedMediaTypeError } from './errors';
import { parseInput } from './input';
import type { RouteSpec } from './routeSpec';

/** The largest ingest body accepted (a batch fits in 256 KiB; room for whitespace). */
const MAX_INGEST_BODY = '1mb';

/** A route's body must be sent as JSON (the sink core gets it raw, as text). */
function requireJsonBody(route: RouteSpec, req: express.Request) {
  if (route.body && !req.is(['application/json', 'application/*+json'])) {
    throw new UnsupportedMediaTypeError(
      `${req.method} ${req.path} takes application/json, not ${
        req.get('content-type') ?? 'a body without a content type'
      }`,
    );
  }
}

/** The route's parsed path and query parameters. */
function parseRouteInput(route: RouteSpec, req: express.Request) {
  const path = route.pathParams ? parseInput(route.pathParams, req.params) : {};
  // Calculations parse their own parameters; other routes refuse unknown ones.
  const query = route.query ? parseInput(route.query, req.query) : req.query;
  return { path, query, body: req.body as unknown };
}

/** Runs and answers a route inside an audit event: success with the route's meta, or the failure. */
async function audited(options: {
  route: RouteSpec;
  auditEventId: string;
  req: express.Request;
  auditor: AuditorService;
  handle(): Promise<unknown>;
  respond(result: unknown): void;
}): Promise<void> {
  const audit = await options.auditor.createEvent({
    eventId: options.auditEventId,
    severityLevel: 'medium',
    request: options.req,
  });
  try {
    const result = await options.handle();
    await audit.success({ meta: options.route.auditMeta?.(result) });
    options.respond(result);
  } catch (error) {
    await audit.fail({ error: error as Error });
    throw error;
  }
}

/**
 * The express handlers of one route: the raw body reader when it takes a body, then the
 * permission check, the media type, the parameters, the handler (audited when the route
 * changes data) and the answer with the route's status.
 */
export function routeHandlers(
  route: RouteSpec,
  services: { authorize: Authorize; auditor: AuditorService },
): express.RequestHandler[] {
  const handlers: express.RequestHandler[] = [];
  if (route.body) {
    // The raw text goes to the sink core, which quarantines invalid JSON instead of failing.
    handlers.push(express.text({ type: () => true, limit: MAX_INGEST_BODY }));
  }
  handlers.push(async (req, res) => {
    await services.authorize(req, route.permission);
    requireJsonBody(route, req);
    const input = parseRouteInput(route, req);
    const handle = () => route.handle(input);
    const respond = (result: unknown) =>
      res.status(route.status?.(result) ?? 200).json(result);
    if (!route.auditEventId) {
      respond(await handle());
      return;
    }
    await audited({
      route,
      auditEventId: route.auditEventId,
      req,
      auditor: services.auditor,
      handle,
      respond,
    });
  });
  return handlers;
}
