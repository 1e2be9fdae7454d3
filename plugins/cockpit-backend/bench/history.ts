/*
 * Loads a year of history behind the benchmark fleet, by set-based SQL straight into
 * `reading_versions` (a bench fixture, not the sink's path), keeping the store's invariants:
 * consecutive versions of a key differ, and the last version of a key is its current
 * `readings` row (value_since = its valid_from).
 *
 * - the fleet's resources were created a year ago, and every current SNAPSHOT reading is the
 *   version in force since its collected_at (those changing below) or all year (the others);
 * - deployment-info changed every day of the year before it on every deployment;
 * - health flapped on every instance (a different status every `flapDays` days);
 * - each vulnerable version's advisories arrived some day of the year (an empty list before).
 */
import type { Knex } from 'knex';

/** The readings given a past below (the others kept one value all year). */
const CHANGING = `(type IN ('deployment-info', 'health')
  OR (type = 'vulnerabilities' AND jsonb_array_length(COALESCE(value->'items', '[]'::jsonb)) > 0))`;

/** Loads the history; returns how many versions there are and their size on disk. */
export async function loadHistory(options: {
  knex: Knex;
  days: number;
  flapDays: number;
  log: (line: string) => void;
}): Promise<{ versions: number; bytes: number; seconds: number }> {
  const { knex, days, flapDays, log } = options;
  const started = Date.now();
  // the fleet has existed all year: its resources were created then, and each reading that
  // does not change below has had its current value all year
  await knex.raw(
    `UPDATE resources SET created_on = created_on - make_interval(days => ?)`,
    [days],
  );
  await knex.raw(
    `INSERT INTO reading_versions (resource_id, type, valid_from, value, collector, source)
     SELECT resource_id, type,
            CASE WHEN ${CHANGING} THEN collected_at ELSE collected_at - make_interval(days => ?) END,
            value, 'bench', 'local'
       FROM readings WHERE storage_mode = 'SNAPSHOT'`,
    [days],
  );
  await knex.raw(
    `UPDATE readings SET collector = 'bench', source = 'local',
            value_since = CASE WHEN ${CHANGING} THEN collected_at ELSE collected_at - make_interval(days => ?) END
      WHERE storage_mode = 'SNAPSHOT'`,
    [days],
  );
  log(
    `history: current versions in ${((Date.now() - started) / 1000).toFixed(
      0,
    )} s`,
  );
  // one version a day before the current one: version 0.<day>.0 deployed that day
  await knex.raw(
    `INSERT INTO reading_versions (resource_id, type, valid_from, value, collector, source)
     SELECT r.resource_id, r.type, r.collected_at - make_interval(days => d),
            jsonb_build_object('version', '0.' || (? - d) || '.0',
                               'deployedAt', to_char((r.collected_at - make_interval(days => d)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
            'bench', 'local'
       FROM readings r CROSS JOIN generate_series(1, ?) AS d
      WHERE r.type = 'deployment-info' AND r.storage_mode = 'SNAPSHOT'`,
    [days, days],
  );
  log(
    `history: deployment-info in ${((Date.now() - started) / 1000).toFixed(
      0,
    )} s`,
  );
  // alternating with another status every flapDays days (offset per instance), ending on the current
  await knex.raw(
    `INSERT INTO reading_versions (resource_id, type, valid_from, value, collector, source)
     SELECT r.resource_id, r.type,
            r.collected_at - make_interval(hours => k * ? * 24 + (abs(hashtext(r.resource_id::text)) % 24)),
            CASE WHEN k % 2 = 1
                 THEN jsonb_build_object('status', CASE WHEN r.value->>'status' = 'DEGRADED' THEN 'DOWN' ELSE 'DEGRADED' END)
                 ELSE r.value END,
            'bench', 'local'
       FROM readings r CROSS JOIN generate_series(1, ?) AS k
      WHERE r.type = 'health' AND r.storage_mode = 'SNAPSHOT'`,
    [flapDays, Math.floor(days / flapDays)],
  );
  log(`history: health in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  // the advisories of a vulnerable version arrived some day of the year
  await knex.raw(
    `INSERT INTO reading_versions (resource_id, type, valid_from, value, collector, source)
     SELECT r.resource_id, r.type,
            r.collected_at - make_interval(days => 1 + abs(hashtext(r.resource_id::text)) % ?),
            jsonb_build_object('items', '[]'::jsonb), 'bench', 'local'
       FROM readings r
      WHERE r.type = 'vulnerabilities' AND r.storage_mode = 'SNAPSHOT'
        AND jsonb_array_length(COALESCE(r.value->'items', '[]'::jsonb)) > 0`,
    [days],
  );
  // The versions inserted above and the provenance update (it rewrote every SNAPSHOT row)
  // wait in the GIN indexes' pending lists, which every look-up reads whole: vacuumed, the
  // store is as autovacuum leaves a live one (pending lists merged, statistics current).
  await knex.raw(`VACUUM ANALYZE reading_versions`);
  await knex.raw(`VACUUM ANALYZE readings`);
  const { rows } = await knex.raw(
    `SELECT count(*)::bigint AS versions, pg_total_relation_size('reading_versions') AS bytes FROM reading_versions`,
  );
  return {
    versions: Number(rows[0].versions),
    bytes: Number(rows[0].bytes),
    seconds: (Date.now() - started) / 1000,
  };
}
