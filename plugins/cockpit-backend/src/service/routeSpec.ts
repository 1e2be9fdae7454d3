import type { BasicPermission } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import type { z } from 'zod';
import type { IngestResponse } from '@cockpit/plugin-cockpit-common';
import type { Calculation } from '@cockpit/plugin-cockpit-node';
import type { KnexCockpitStore } from '../database/KnexCockpitStore';

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
