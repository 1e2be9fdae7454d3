// @ts-check

/**
 * The sink checks the parents named by a call in ONE round trip: this function compares the
 * call's parent edges with the stored parents and, only when one of them changes something,
 * takes the re-parenting advisory lock and returns the hierarchy around them as committed
 * after the lock (a VOLATILE function takes a fresh snapshot for each of its queries).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(`
    CREATE FUNCTION cockpit_parent_state(
      child_ids uuid[],
      parent_ids uuid[],
      set_ats timestamptz[],
      lock_key bigint
    )
    RETURNS TABLE (id uuid, parent_id uuid, parent_set_at timestamptz)
    LANGUAGE plpgsql VOLATILE
    -- Plan its queries for the arrays at hand (a generic plan would scan resources).
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
      -- The lock is held: report it with a row without id, then the hierarchy.
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
  await knex.raw(`
    COMMENT ON FUNCTION cockpit_parent_state(uuid[], uuid[], timestamptz[], bigint) IS
      'Sink: when a parent edge (child_ids[i] -> parent_ids[i], set at set_ats[i]) would change a stored parent, takes the advisory lock lock_key and returns a row with a null id followed by the hierarchy of the named resources as committed after the lock; otherwise returns nothing'
  `);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw(
    'DROP FUNCTION cockpit_parent_state(uuid[], uuid[], timestamptz[], bigint)',
  );
};
