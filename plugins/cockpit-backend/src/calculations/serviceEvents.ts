import { NotFoundError, InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';
import { z } from 'zod';
import {
  resourceId,
  ServiceEvent,
  ServiceEventsResult,
} from '@cockpit/plugin-cockpit-common';
import { defineCalculation } from '@cockpit/plugin-cockpit-node';
import { changeEvents } from './changeEvents';

/**
 * `service-events?service=&from=&to=&limit=`: `service-event` points of the service and its
 * descendants in [from, to), newest first, with counts per kind over the whole range, and the
 * subtree's changes in the range as events of kind `change` (see {@link changeEvents}): the
 * subtree, then the points, the counts and the changes together. A point whose value does not
 * fit `service-event` is left out of `items` (the store reports it) but still counted. The
 * `change` count is of the changes read (at most `limit`; `truncated` says when there were more).
 */
export const serviceEventsCalculation = defineCalculation({
  name: 'service-events',
  description:
    "The service's events and its descendants', and what changed in them (kind change), in a time range (default: the last 30 days), newest first",
  params: z.strictObject({
    service: z.string().min(1).describe('the service name'),
    from: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('inclusive start (default: to - 30 days)'),
    to: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('exclusive end (default: now)'),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(10000)
      .default(1000)
      .describe('most events returned'),
  }),
  async run({ store, params }): Promise<ServiceEventsResult> {
    const to = params.to ? new Date(params.to) : store.now();
    const from = params.from
      ? new Date(params.from)
      : new Date(to.getTime() - durationToMilliseconds({ days: 30 }));
    if (from.getTime() > to.getTime())
      throw new InputError('from: must not be after to');
    const serviceId = resourceId('Service', params.service);
    const tree = await store.getSubtree({ rootId: serviceId });
    if (tree.length === 0)
      throw new NotFoundError(`No Service named "${params.service}"`);
    const resources = new Map(tree.map(resource => [resource.id, resource]));
    const range = {
      resourceIds: [...resources.keys()],
      type: 'service-event',
      from,
      to,
    } as const;
    const [events, counts, changes] = await Promise.all([
      store.readTimeSeries({ ...range, limit: params.limit }),
      store.countTimeSeries({ ...range, byField: 'kind' }),
      changeEvents({ store, serviceId, tree, from, to, limit: params.limit }),
    ]);
    const countsByKind: Record<string, number> = {};
    let total = 0;
    for (const { key, count } of counts) {
      const kind = key ?? 'unknown';
      countsByKind[kind] = (countsByKind[kind] ?? 0) + count;
      total += count;
    }
    if (changes.items.length) {
      countsByKind.change = (countsByKind.change ?? 0) + changes.items.length;
      total += changes.items.length;
    }
    const points: ServiceEvent[] = events.readings.map(event => ({
      id: event.id,
      at: event.collectedAt.toISOString(),
      kind: event.value.kind,
      title: event.value.title,
      severity: event.value.severity ?? null,
      resourceId: event.resourceId,
      resourceType: resources.get(event.resourceId)?.type ?? '',
      resourceName: resources.get(event.resourceId)?.name ?? '',
      subject: event.value.resource
        ? { type: event.value.resource.type, name: event.value.resource.name }
        : null,
      value: event.value,
    }));
    const merged = [...points, ...changes.items].sort((a, b) =>
      b.at.localeCompare(a.at),
    );
    const items = merged.slice(0, params.limit);
    return {
      service: params.service,
      from: from.toISOString(),
      to: to.toISOString(),
      items,
      truncated:
        changes.truncated ||
        merged.length > items.length ||
        total > points.length + changes.items.length + events.invalid.length,
      countsByKind,
    };
  },
});
