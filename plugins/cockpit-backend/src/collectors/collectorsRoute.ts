import { z } from 'zod';
import {
  CollectorRunValueSchema,
  cockpitReadPermission,
} from '@cockpit/plugin-cockpit-common';
import type { RouteSpec } from '../service/routeSpec';
import type { KnexCockpitStore } from '../database/KnexCockpitStore';

const isoTimestamp = z.iso.datetime({ offset: true });

/** `GET /collectors` on the wire. */
export const CollectorStatusListSchema = z.object({
  at: isoTimestamp.describe('the end of the 24-hour window'),
  items: z.array(
    z.object({
      id: z.string().describe('the collector id'),
      resourceId: z
        .uuid()
        .nullable()
        .describe(
          'the Collector resource; null when known only from rejections',
        ),
      lastRun: CollectorRunValueSchema.nullable(),
      schedule: z.string().nullable(),
      dueBy: isoTimestamp
        .nullable()
        .describe('when the next run should have been recorded at the latest'),
      overdue: z.boolean(),
      last24h: z.object({
        runs: z.number().int(),
        failures: z.number().int(),
        messages: z.number().int(),
        rejections: z.number().int(),
      }),
    }),
  ),
});

/** The collector runs route of contract section 8. */
export function collectorRoutes(context: {
  store: KnexCockpitStore;
  now?: () => Date;
}): RouteSpec[] {
  const now = context.now ?? (() => new Date());
  return [
    {
      method: 'get',
      path: '/collectors',
      summary:
        'Each collector with its last run, schedule, overdue flag, and its runs, failures, messages and rejections of the last 24 hours',
      permission: cockpitReadPermission,
      query: z.strictObject({}),
      response: CollectorStatusListSchema,
      handle: () => context.store.listCollectors({ now: now() }),
    },
  ];
}
