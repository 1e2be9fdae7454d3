// @ts-check

/**
 * `cockpit_record_past_readings`: the late path of the history (contract section 7.1).
 *
 * The sink writes a SNAPSHOT reading newer than the stored one in its main statement (the
 * head path: the upsert's RETURNING says whether it started a version). A reading that is
 * not newer (late, older than the current row) or that a call's newer reading of the same key
 * superseded is not the current value but a true past state: this function puts each in its
 * place among the versions of its key, oldest first, keeping the canonical form (consecutive
 * versions of a key never hold equal values). For a reading v at time c:
 *
 * - prev = the last version with valid_from <= c, next = the first one after c;
 * - prev holds v: nothing (a republish of a known state);
 * - else v begins at c (a version at exactly c is replaced: the later delivered wins on a tie,
 *   as for the current row); if next holds v, next is deleted (v began earlier);
 * - if there is no next, c lies inside the span of the version in force, whose latest known
 *   observation is readings.collected_at: that version resumes there (the store keeps a
 *   version's first observation and the current one's latest, not every republish between).
 *
 * The caller holds the readings rows' locks (its upsert locked every row it met, written or
 * not; the rows are locked here again for callers that did not), so every writer of one key's
 * versions runs one at a time and this statement sees all their committed rows. Returns the
 * number of version rows inserted or deleted.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(`
    CREATE OR REPLACE FUNCTION cockpit_record_past_readings(
      resource_ids uuid[],
      types text[],
      vals jsonb,
      collected_ats timestamptz[],
      collectors text[],
      sources text[]
    )
    RETURNS integer
    LANGUAGE plpgsql VOLATILE
    AS $$
    DECLARE
      u record;
      cur record;
      prev record;
      nxt record;
      changed integer := 0;
    BEGIN
      FOR u IN
        SELECT x.r, x.t, x.v, x.c, x.col, x.src
          FROM ROWS FROM (unnest(resource_ids), unnest(types), jsonb_array_elements(vals),
                          unnest(collected_ats), unnest(collectors), unnest(sources))
            AS x(r, t, v, c, col, src)
         ORDER BY x.r, x.t, x.c
      LOOP
        SELECT rd.value, rd.collected_at, rd.collector, rd.source INTO cur
          FROM readings rd
         WHERE rd.resource_id = u.r AND rd.type = u.t AND rd.storage_mode = 'SNAPSHOT'
           FOR UPDATE;
        -- Not a past state: the current row is this reading (or one of the same time).
        CONTINUE WHEN NOT FOUND OR u.c >= cur.collected_at;

        SELECT rv.valid_from, rv.value INTO prev FROM reading_versions rv
         WHERE rv.resource_id = u.r AND rv.type = u.t AND rv.valid_from <= u.c
         ORDER BY rv.valid_from DESC LIMIT 1;
        CONTINUE WHEN FOUND AND prev.value = u.v;
        IF FOUND AND prev.valid_from = u.c THEN
          -- A tie with another value: this one replaces it, after the version before it.
          DELETE FROM reading_versions rv
           WHERE rv.resource_id = u.r AND rv.type = u.t AND rv.valid_from = u.c;
          changed := changed + 1;
          SELECT rv.valid_from, rv.value INTO prev FROM reading_versions rv
           WHERE rv.resource_id = u.r AND rv.type = u.t AND rv.valid_from < u.c
           ORDER BY rv.valid_from DESC LIMIT 1;
        END IF;
        IF NOT FOUND OR prev.value IS DISTINCT FROM u.v THEN
          INSERT INTO reading_versions (resource_id, type, valid_from, value, collector, source)
          VALUES (u.r, u.t, u.c, u.v, u.col, u.src);
          changed := changed + 1;
        END IF;

        SELECT rv.valid_from, rv.value INTO nxt FROM reading_versions rv
         WHERE rv.resource_id = u.r AND rv.type = u.t AND rv.valid_from > u.c
         ORDER BY rv.valid_from LIMIT 1;
        IF FOUND AND nxt.value = u.v THEN
          DELETE FROM reading_versions rv
           WHERE rv.resource_id = u.r AND rv.type = u.t AND rv.valid_from = nxt.valid_from;
          changed := changed + 1;
        ELSIF NOT FOUND AND cur.value IS DISTINCT FROM u.v THEN
          -- The version in force resumes at its latest known observation.
          INSERT INTO reading_versions (resource_id, type, valid_from, value, collector, source)
          VALUES (u.r, u.t, cur.collected_at, cur.value, cur.collector, cur.source);
          changed := changed + 1;
        END IF;

        UPDATE readings rd SET value_since = (
                 SELECT max(rv.valid_from) FROM reading_versions rv
                  WHERE rv.resource_id = u.r AND rv.type = u.t)
         WHERE rd.resource_id = u.r AND rd.type = u.t AND rd.storage_mode = 'SNAPSHOT'
           AND rd.value_since IS DISTINCT FROM (
                 SELECT max(rv.valid_from) FROM reading_versions rv
                  WHERE rv.resource_id = u.r AND rv.type = u.t);
      END LOOP;
      RETURN changed;
    END;
    $$
  `);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw(
    `DROP FUNCTION IF EXISTS cockpit_record_past_readings(uuid[], text[], jsonb, timestamptz[], text[], text[])`,
  );
};
