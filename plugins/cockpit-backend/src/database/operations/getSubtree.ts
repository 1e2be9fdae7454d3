import type { Knex } from 'knex';
import type { Resource } from '@cockpit/plugin-cockpit-common';
import { DbResourceRow, toResource } from '../rows';

/**
 * A resource and all its descendants in one recursive query; empty when the root does not
 * exist. `UNION` (not `UNION ALL`) stops at a resource already seen, should the data ever hold a cycle.
 */
export async function getSubtree(options: {
  knex: Knex;
  rootId: string;
}): Promise<Resource[]> {
  const { rows } = await options.knex.raw(
    `WITH RECURSIVE tree AS (
       SELECT id, type, name, parent_id, created_on, last_seen_on FROM resources WHERE id = ?
       UNION
       SELECT c.id, c.type, c.name, c.parent_id, c.created_on, c.last_seen_on
         FROM resources c JOIN tree t ON c.parent_id = t.id
     )
     SELECT * FROM tree`,
    [options.rootId],
  );
  return (rows as DbResourceRow[]).map(toResource);
}
