// @ts-check

/**
 * `cockpit_parent_state`, third version: concurrent calls that change different parts of the
 * hierarchy no longer wait for each other.
 *
 * Before, every call that changed a parent took one advisory lock, so the sink's invocations
 * that created or moved resources ran one at a time. This version (a new overload, with a
 * fifth argument `exclusive`; the four-argument version 2 stays for sinks not yet upgraded)
 * first takes that lock in shared mode, then advisory locks per resource (the two-key form,
 * first key `lock_key`): exclusive on every child it sets a parent of, shared on each resource
 * of the new parents' ancestor chains, each taken before that resource's row is read. A parent
 * only changes under its child's exclusive lock, so the chains a call reads stay as read until
 * it commits: of two calls whose edges would close a cycle, one waits for the other and then
 * sees its edges. A child that does not exist yet is locked like any other.
 *
 * The per-resource locks are only tried, never waited for (waiting for them in chain order
 * would deadlock calls that cross). When one is taken by another call, the function raises
 * `lock_not_available` (55P03) and the sink runs the call again with `exclusive`: the shared
 * lock's key taken exclusively, which waits for every call holding locks of this kind and
 * then runs alone, as every call did before. A call with more than 256 children goes that
 * way at once (the lock table is shared memory, sized for a few dozen locks per connection).
 *
 * Unlike version 2, the chains are walked even when every child is new: without the global
 * lock, the walk's locks are what keeps another call from closing a cycle through them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(`
    CREATE OR REPLACE FUNCTION cockpit_parent_state(
      child_ids uuid[],
      parent_ids uuid[],
      set_ats timestamptz[],
      lock_key bigint,
      exclusive boolean
    )
    RETURNS TABLE (id uuid, parent_id uuid, parent_set_at timestamptz)
    LANGUAGE plpgsql VOLATILE
    SET plan_cache_mode = force_custom_plan
    SET enable_hashjoin = off
    SET enable_mergejoin = off
    AS $$
    #variable_conflict use_column
    DECLARE
      per_resource boolean;
      frontier uuid[];
      visited uuid[] := '{}';
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

      per_resource := NOT exclusive AND cardinality(child_ids) <= 256;
      IF per_resource THEN
        PERFORM pg_advisory_xact_lock_shared(lock_key);
        IF EXISTS (
          SELECT 1
            FROM (SELECT DISTINCT u.child_id FROM unnest(child_ids) AS u(child_id)) c
           WHERE NOT pg_try_advisory_xact_lock(lock_key::int, hashtext(c.child_id::text))
        ) THEN
          RAISE EXCEPTION 'a resource this call re-parents is locked by another call'
            USING ERRCODE = 'lock_not_available';
        END IF;
      ELSE
        PERFORM pg_advisory_xact_lock(lock_key);
      END IF;
      -- The locks are held: report it with a row without id, then the hierarchy.
      RETURN QUERY SELECT NULL::uuid, NULL::uuid, NULL::timestamptz;
      RETURN QUERY
        SELECT r.id, r.parent_id, r.parent_set_at
          FROM resources r
         WHERE r.id = ANY(child_ids);

      frontier := ARRAY(
        SELECT DISTINCT p.parent_id
          FROM unnest(parent_ids) AS p(parent_id)
         WHERE p.parent_id IS NOT NULL
      );
      WHILE cardinality(frontier) > 0 LOOP
        IF per_resource AND EXISTS (
          SELECT 1
            FROM unnest(frontier) AS f(id)
           WHERE NOT pg_try_advisory_xact_lock_shared(lock_key::int, hashtext(f.id::text))
        ) THEN
          RAISE EXCEPTION 'an ancestor of a new parent of this call is locked by another call'
            USING ERRCODE = 'lock_not_available';
        END IF;
        visited := visited || frontier;
        -- Read after the locks: a later statement of this function sees every commit made
        -- before it, and no chain resource read here can change parent until this call ends.
        RETURN QUERY
          SELECT r.id, r.parent_id, r.parent_set_at
            FROM resources r
           WHERE r.id = ANY(frontier);
        frontier := ARRAY(
          SELECT DISTINCT r.parent_id
            FROM resources r
           WHERE r.id = ANY(frontier)
             AND r.parent_id IS NOT NULL
             AND NOT (r.parent_id = ANY(visited))
        );
      END LOOP;
    END
    $$
  `);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw(
    'DROP FUNCTION IF EXISTS cockpit_parent_state(uuid[], uuid[], timestamptz[], bigint, boolean)',
  );
};
