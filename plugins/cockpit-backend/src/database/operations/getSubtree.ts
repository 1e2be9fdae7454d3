import type { Resource } from '@cockpit/plugin-cockpit-common';
import { existedAt, existedAtBindings, resourceAsOf } from '../asOf';
import { DbResourceRow, toResource } from '../rows';
import { readRaw, ReadConnection } from '../prepared';

/**
 * A resource and all its descendants in one recursive query (as of `asOf`: those that existed
 * then, below ancestors that existed then); empty when the root does not exist. `UNION` (not
 * `UNION ALL`) stops at a resource already seen, should the data ever hold a cycle.
 */
export async function getSubtree(
  options: ReadConnection & {
    rootId: string;
    asOf?: Date;
  },
): Promise<Resource[]> {
  const { asOf } = options;
  const rootFilter = asOf ? `AND ${existedAt('r')}` : '';
  const childFilter = asOf ? `WHERE ${existedAt('c')}` : '';
  const at = asOf ? existedAtBindings(asOf) : [];
  const { rows } = await readRaw(
    options,
    `WITH RECURSIVE tree AS (
       SELECT r.id, r.type, r.name, r.parent_id, r.created_on, r.last_seen_on
         FROM resources r WHERE r.id = ? ${rootFilter}
       UNION
       SELECT c.id, c.type, c.name, c.parent_id, c.created_on, c.last_seen_on
         FROM resources c JOIN tree t ON c.parent_id = t.id ${childFilter}
     )
     SELECT * FROM tree`,
    [options.rootId, ...at, ...at],
  );
  return (rows as DbResourceRow[]).map(row =>
    resourceAsOf(toResource(row), asOf),
  );
}
