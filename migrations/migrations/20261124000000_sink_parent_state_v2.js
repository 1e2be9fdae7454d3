// @ts-check

/**
 * `cockpit_parent_state`, second version:
 *
 * - It plans with nested loops only. Its queries are a handful of primary-key probes per
 *   edge; the planner, costing random reads as if they came from disk, preferred hashing the
 *   whole resources table for calls of a few dozen edges (4.4 ms instead of 0.2 ms on 20,000
 *   resources, growing with the fleet).
 * - After taking the lock it reads the hierarchy only when one of the children already
 *   exists. A child that does not exist has no descendants (parent_id is a foreign key), so
 *   no stored path leads back to it and an edge can only close a cycle with edges of the same
 *   call, which the sink checks itself: new resources (a fleet scaling out) skip the walk.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(`
    CREATE OR REPLACE FUNCTION cockpit_parent_state(
      child_ids uuid[],
      parent_ids uuid[],
      set_ats timestamptz[],
      lock_key bigint
    )
    RETURNS TABLE (id uuid, parent_id uuid, parent_set_at timestamptz)
    LANGUAGE plpgsql VOLATILE
    SET plan_cache_mode = force_custom_plan
    SET enable_hashjoin = off
    SET enable_mergejoin = off
    AS $$
    #variable_conflict use_column
    BEGIN
      IF NOT EXISTS (
        SELECT 1
          FROM unnest(child_ids, parent_ids, set_ats) AS e(child_id, parent_id, set_at)
          LEFT JOIN resources r ON r.id = e.child_id
         WHERE r.id IS NULL
            OR (r.parent_id IS DISTINCT FROM e.parent_id
                AND (r.parent_set_at IS NULL OR e.set_at >= r.parent_set_at))
      ) THEN
        RETURN;
      END IF;
      PERFORM pg_advisory_xact_lock(lock_key);
      -- The lock is held: report it with a row without id, then the hierarchy if needed.
      RETURN QUERY SELECT NULL::uuid, NULL::uuid, NULL::timestamptz;
      IF NOT EXISTS (
        SELECT 1 FROM unnest(child_ids) AS c(child_id) JOIN resources r ON r.id = c.child_id
      ) THEN
        RETURN;
      END IF;
      RETURN QUERY
        WITH RECURSIVE chain(id, parent_id, parent_set_at) AS (
          SELECT r.id, r.parent_id, r.parent_set_at
            FROM resources r
           WHERE r.id = ANY(child_ids || array_remove(parent_ids, NULL))
          UNION
          SELECT r.id, r.parent_id, r.parent_set_at
            FROM resources r JOIN chain c ON r.id = c.parent_id
        )
        SELECT chain.id, chain.parent_id, chain.parent_set_at FROM chain;
    END
    $$
  `);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw(`
    CREATE OR REPLACE FUNCTION cockpit_parent_state(
      child_ids uuid[],
      parent_ids uuid[],
      set_ats timestamptz[],
      lock_key bigint
    )
    RETURNS TABLE (id uuid, parent_id uuid, parent_set_at timestamptz)
    LANGUAGE plpgsql VOLATILE
    SET plan_cache_mode = force_custom_plan
    AS $$
    #variable_conflict use_column
    BEGIN
      IF NOT EXISTS (
        SELECT 1
          FROM unnest(child_ids, parent_ids, set_ats) AS e(child_id, parent_id, set_at)
          LEFT JOIN resources r ON r.id = e.child_id
         WHERE r.id IS NULL
            OR (r.parent_id IS DISTINCT FROM e.parent_id
                AND (r.parent_set_at IS NULL OR e.set_at >= r.parent_set_at))
      ) THEN
        RETURN;
      END IF;
      PERFORM pg_advisory_xact_lock(lock_key);
      RETURN QUERY SELECT NULL::uuid, NULL::uuid, NULL::timestamptz;
      RETURN QUERY
        WITH RECURSIVE chain(id, parent_id, parent_set_at) AS (
          SELECT r.id, r.parent_id, r.parent_set_at
            FROM resources r
           WHERE r.id = ANY(child_ids || array_remove(parent_ids, NULL))
          UNION
          SELECT r.id, r.parent_id, r.parent_set_at
            FROM resources r JOIN chain c ON r.id = c.parent_id
        )
        SELECT chain.id, chain.parent_id, chain.parent_set_at FROM chain;
    END
    $$
  `);
};
