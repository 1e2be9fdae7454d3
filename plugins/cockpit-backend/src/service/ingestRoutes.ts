import type { z } from 'zod';
import {
  cockpitIngestPermission,
  cockpitRejectionsReadPermission,
  IngestResponseSchema,
  PublishBatchSchema,
} from '@cockpit/plugin-cockpit-common';
import type { KnexCockpitStore } from '../database/KnexCockpitStore';
import type { IngestBody, RouteSpec } from './routeSpec';
import { ListRejectionsQuery, pageOf, RejectionSchema } from './schemas';

type IngestOutcome = z.infer<typeof IngestResponseSchema>;

/** `GET /rejections`: what the ingest refused and quarantined. */
export function rejectionRoutes(context: {
  store: KnexCockpitStore;
}): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/rejections',
      summary: 'Quarantined input with the reason it was refused, newest first',
      permission: cockpitRejectionsReadPermission,
      query: ListRejectionsQuery,
      response: pageOf(RejectionSchema),
      handle: ({ query }) => context.store.listRejections(query),
    },
  ];
}

/** `POST /ingest` through the sink core, audited; none when the plugin is given no ingest. */
export function ingestRoutes(context: { ingest?: IngestBody }): RouteSpec[] {
  const ingest = context.ingest;
  if (!ingest) return [];
  return [
    {
      method: 'post',
      path: '/ingest',
      summary:
        'Ingests one publish batch through the sink core; answers the outcome of each message (207 when some were quarantined)',
      permission: cockpitIngestPermission,
      body: PublishBatchSchema,
      response: IngestResponseSchema,
      handle: ({ body }) => ingest(typeof body === 'string' ? body : ''),
      status: (outcome: IngestOutcome) => (outcome.rejected > 0 ? 207 : 200),
      auditEventId: 'ingest',
      auditMeta: (outcome: IngestOutcome) => ({
        accepted: outcome.accepted,
        rejected: outcome.rejected,
      }),
    },
  ];
}
