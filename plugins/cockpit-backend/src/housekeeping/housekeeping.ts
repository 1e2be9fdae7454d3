import type { Knex } from 'knex';
import type { HousekeepingConfig, ReadingRetentionRule, StaleResourceRule } from './config';

/** What one housekeeping run removed. */
export interface HousekeepingReport {
  staleResources: Array<{ type: string; withoutReading?: string; resources: number; descendants: number; readings: number }>;
  readingRetention: Array<{ type: string; byAge: number; byCount: number }>;
  rejections: number;
}

/**
 * Deletes stale resources (with their descendants and readings), old and surplus
 * TIME_SERIES points and old rejections, each in batches of `batchSize` rows so no
 * statement holds locks for long. Runs from the scheduler, never in the insert path.
 */
export async function runHousekeeping(options: {
  knex: Knex;
  config: Pick<HousekeepingConfig, 'batchSize' | 'staleResources' | 'readingRetention' | 'rejectionMaxAgeMs'>;
  now?: Date;
}): Promise<HousekeepingReport> {
  const { knex, config } = options;
  const now = options.now ?? new Date();
  const report: HousekeepingReport = { staleResources: [], readingRetention: [], rejections: 0 };
  for (const rule of config.staleResources) {
    report.staleResources.push({
      type: rule.type,
      ...(rule.withoutReading ? { withoutReading: rule.withoutReading } : {}),
      ...(await deleteStaleResources({ knex, rule, now, batchSize: config.batchSize })),
    });
  }
  for (const rule of config.readingRetention) {
    report.readingRetention.push({
      type: rule.type,
      ...(await applyReadingRetention({ knex, rule, now, batchSize: config.batchSize })),
    });
  }
  if (config.rejectionMaxAgeMs !== undefined) {
    const cutoff = new Date(now.getTime() - config.rejectionMaxAgeMs);
    report.rejections = await deleteInBatches(config.batchSize, limit =>
      knex.raw(
        `DELETE FROM rejections WHERE id IN (SELECT id FROM rejections WHERE received_at < ? LIMIT ?)`,
        [cutoff, limit],
      ),
    );
  }
  return report;
}

/** Runs a `DELETE ... LIMIT`-style statement until it deletes fewer rows than the batch. */
async function deleteInBatches(batchSize: number, run: (limit: number) => Promise<{ rowCount: number | null }>): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await run(batchSize);
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < batchSize) return total;
  }
}

async function deleteStaleResources(options: {
  knex: Knex;
  rule: StaleResourceRule;
  now: Date;
  batchSize: number;
}): Promise<{ resources: number; descendants: number; readings: number }> {
  const { knex, rule, now, batchSize } = options;
  const createdBefore = new Date(now.getTime() - rule.minAgeMs);
  const missingSince = new Date(now.getTime() - rule.missingForMs);
  const totals = { resources: 0, descendants: 0, readings: 0 };
  for (;;) {
    const batch = await knex.transaction(async tx => {
      const staleCondition = rule.withoutReading
        ? `NOT EXISTS (SELECT 1 FROM readings x WHERE x.resource_id = r.id AND x.type = ? AND x.collected_at >= ?)`
        : `r.last_seen_on < ?`;
      const staleBindings = rule.withoutReading ? [rule.withoutReading, missingSince] : [missingSince];
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
        [rule.type, createdBefore, ...staleBindings, batchSize],
      );
      const ids = (rows as { id: string }[]).map(row => row.id);
      const roots = (rows as { root: boolean }[]).filter(row => row.root).length;
      if (ids.length === 0) return { roots: 0, descendants: 0, readings: 0 };
      const readings = await tx.raw(`DELETE FROM readings WHERE resource_id = ANY(?::uuid[])`, [ids]);
      const resources = await tx.raw(`DELETE FROM resources WHERE id = ANY(?::uuid[])`, [ids]);
      return { roots, descendants: (resources.rowCount ?? 0) - roots, readings: readings.rowCount ?? 0 };
    });
    totals.resources += batch.roots;
    totals.descendants += batch.descendants;
    totals.readings += batch.readings;
    if (batch.roots < batchSize) return totals;
  }
}

async function applyReadingRetention(options: {
  knex: Knex;
  rule: ReadingRetentionRule;
  now: Date;
  batchSize: number;
}): Promise<{ byAge: number; byCount: number }> {
  const { knex, rule, now, batchSize } = options;
  let byAge = 0;
  let byCount = 0;
  if (rule.maxAgeMs !== undefined) {
    const cutoff = new Date(now.getTime() - rule.maxAgeMs);
    byAge = await deleteInBatches(batchSize, limit =>
      knex.raw(
        `DELETE FROM readings WHERE id IN (
           SELECT id FROM readings
            WHERE type = ? AND storage_mode = 'TIME_SERIES' AND collected_at < ?
            LIMIT ?)`,
        [rule.type, cutoff, limit],
      ),
    );
  }
  const maxPoints = rule.maxPoints;
  if (maxPoints !== undefined) {
    byCount = await deleteInBatches(batchSize, limit =>
      knex.raw(
        `DELETE FROM readings WHERE id IN (
           SELECT id FROM (
             SELECT r.id, row_number() OVER (PARTITION BY r.resource_id ORDER BY r.collected_at DESC, r.id DESC) AS rank
               FROM readings r
              WHERE r.type = ? AND r.storage_mode = 'TIME_SERIES'
                AND r.resource_id IN (
                  SELECT resource_id FROM readings
                   WHERE type = ? AND storage_mode = 'TIME_SERIES'
                   GROUP BY resource_id HAVING count(*) > ?)
           ) ranked
            WHERE rank > ?
            LIMIT ?)`,
        [rule.type, rule.type, maxPoints, maxPoints, limit],
      ),
    );
  }
  return { byAge, byCount };
}
