import { NotFoundError, InputError } from '@backstage/errors';
import { z } from 'zod';
import { resourceId, ServiceEvent, ServiceEventsResult } from '@cockpit/plugin-cockpit-common';
import { defineCalculation } from '@cockpit/plugin-cockpit-node';
import { iso, stringField } from './sql';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `service-events?service=&from=&to=&limit=`: `service-event` points of the service and its
 * descendants in [from, to), newest first, with counts per kind over the whole range.
 */
export const serviceEventsCalculation = defineCalculation({
  name: 'service-events',
  description:
    "The service's events and its descendants' in a time range (default: the last 30 days), newest first",
  params: z.strictObject({
    service: z.string().min(1).describe('the service name'),
    from: z.iso.datetime({ offset: true }).optional().describe('inclusive start (default: to - 30 days)'),
    to: z.iso.datetime({ offset: true }).optional().describe('exclusive end (default: now)'),
    limit: z.coerce.number().int().min(1).max(10000).default(1000).describe('most events returned'),
  }),
  async run({ knex, params }): Promise<ServiceEventsResult> {
    const to = params.to ? new Date(params.to) : new Date();
    const from = params.from ? new Date(params.from) : new Date(to.getTime() - 30 * DAY_MS);
    if (from.getTime() > to.getTime()) throw new InputError('from: must not be after to');
    const serviceId = resourceId('Service', params.service);
    // The tree first: with its ids as a literal array the planner sees ~20 resources, not a
    // recursive guess that makes the event queries look expensive enough to JIT-compile.
    const tree = (
      await knex.raw(
        `WITH RECURSIVE tree AS (
           SELECT id, type, name FROM resources WHERE id = ?
           UNION ALL
           SELECT c.id, c.type, c.name FROM resources c JOIN tree t ON c.parent_id = t.id
         )
         SELECT id, type, name FROM tree`,
        [serviceId],
      )
    ).rows as { id: string; type: string; name: string }[];
    if (tree.length === 0) throw new NotFoundError(`No Service named "${params.service}"`);
    const ids = tree.map(resource => resource.id);
    const resources = new Map(tree.map(resource => [resource.id, resource]));
    const [eventRows, countRows] = await Promise.all([
      knex.raw(
        `SELECT r.id, r.collected_at, r.value, r.resource_id
           FROM readings r
          WHERE r.resource_id = ANY(?::uuid[]) AND r.type = 'service-event' AND r.storage_mode = 'TIME_SERIES'
            AND r.collected_at >= ? AND r.collected_at < ?
          ORDER BY r.collected_at DESC, r.id DESC
          LIMIT ?`,
        [ids, from, to, params.limit],
      ),
      knex.raw(
        `SELECT coalesce(r.value->>'kind', 'unknown') AS kind, count(*)::int AS n
           FROM readings r
          WHERE r.resource_id = ANY(?::uuid[]) AND r.type = 'service-event' AND r.storage_mode = 'TIME_SERIES'
            AND r.collected_at >= ? AND r.collected_at < ?
          GROUP BY 1`,
        [ids, from, to],
      ),
    ]);
    const countsByKind: Record<string, number> = {};
    let total = 0;
    for (const row of countRows.rows as { kind: string; n: number }[]) {
      countsByKind[row.kind] = row.n;
      total += row.n;
    }
    const items: ServiceEvent[] = (eventRows.rows as any[]).map(row => {
      const subject = row.value?.resource;
      return {
        id: String(row.id),
        at: iso(row.collected_at),
        kind: stringField(row.value, 'kind') ?? 'unknown',
        title: stringField(row.value, 'title') ?? '',
        severity: stringField(row.value, 'severity'),
        resourceId: row.resource_id,
        resourceType: resources.get(row.resource_id)?.type ?? '',
        resourceName: resources.get(row.resource_id)?.name ?? '',
        subject:
          subject && typeof subject.type === 'string' && typeof subject.name === 'string'
            ? { type: subject.type, name: subject.name }
            : null,
        value: row.value && typeof row.value === 'object' ? row.value : { value: row.value },
      };
    });
    return {
      service: params.service,
      from: from.toISOString(),
      to: to.toISOString(),
      items,
      truncated: total > items.length,
      countsByKind,
    };
  },
});
