import type { Knex } from 'knex';

/** Which resources are stale: one type, old enough, and unseen (or without a recent reading) for long enough. */
export interface StaleResourceSelector {
  type: string;
  /** Only resources created before this (a new resource gets time to receive its readings). */
  createdBefore: Date;
  /** Stale when last seen before this; with `withoutReading`, when that reading type has no point since. */
  missingSince: Date;
  withoutReading?: string;
}

/** What {@link deleteStaleResources} removed. */
export interface StaleResourcesDeleted {
  resources: number;
  descendants: number;
  readings: number;
}

/**
 * Deletes stale resources with their descendants, readings and versions, `batchSize` roots
 * per transaction (`FOR UPDATE SKIP LOCKED`, so concurrent runs and the sink never wait
 * long), and leaves a tombstone of each deleted resource with `reason` in the same
 * transaction (as-of reads and the change feed know it existed, contract section 7.4).
 */
export async function deleteStaleResources(
  options: {
    knex: Knex;
    batchSize: number;
    /** Why, for the tombstones: the rule that deleted them. */
    reason: string;
  } & StaleResourceSelector,
): Promise<StaleResourcesDeleted> {
  const { knex, batchSize } = options;
  const staleCondition = options.withoutReading
    ? `NOT EXISTS (SELECT 1 FROM readings x WHERE x.resource_id = r.id AND x.type = ? AND x.collected_at >= ?)`
    : `r.last_seen_on < ?`;
  const staleBindings = options.withoutReading
    ? [options.withoutReading, options.missingSince]
    : [options.missingSince];
  const totals = { resources: 0, descendants: 0, readings: 0 };
  for (;;) {
    const batch = await knex.transaction(async tx => {
      const { rows } = await tx.raw(
        `WITH RECURSIVE roots AS (
           SELECT r.id FROM resources r
            WHERE r.type = ? AND r.created_on < ? AND ${staleCondition}
            ORDER BY r.id LIMIT ?
            FOR UPDATE SKIP LOCKED
         ), tree AS (
           SELECT id, true AS root FROM roots
           UNION
           SELECT c.id, false FROM resources c JOIN tree t ON c.parent_id = t.id
         )
         SELECT id, root FROM tree`,
        [options.type, options.createdBefore, ...staleBindings, batchSize],
      );
      const ids = (rows as { id: string }[]).map(row => row.id);
      const roots = (rows as { root: boolean }[]).filter(
        row => row.root,
      ).length;
      if (ids.length === 0) return { roots: 0, descendants: 0, readings: 0 };
      const readings = await tx.raw(
        `DELETE FROM readings WHERE resource_id = ANY(?::uuid[])`,
        [ids],
      );
      // Versions go with their resource (ON DELETE CASCADE).
      const resources = await tx.raw(
        `WITH deleted AS (
           DELETE FROM resources WHERE id = ANY(?::uuid[])
           RETURNING id, type, name, parent_id, created_on)
         INSERT INTO resource_tombstones (id, type, name, parent_id, created_on, deleted_on, reason)
         SELECT id, type, name, parent_id, created_on, now(), ? FROM deleted`,
        [ids, options.reason],
      );
      return {
        roots,
        descendants: (resources.rowCount ?? 0) - roots,
        readings: readings.rowCount ?? 0,
      };
    });
    totals.resources += batch.roots;
    totals.descendants += batch.descendants;
    totals.readings += batch.readings;
    if (batch.roots < batchSize) return totals;
  }
}
