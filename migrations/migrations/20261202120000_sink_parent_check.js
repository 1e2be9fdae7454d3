// @ts-check

/**
 * `cockpit_parent_check`: the parent check of the sink, fourth version, so that concurrent
 * calls that create or move resources of the same tree no longer wait for each other (the
 * five-argument `cockpit_parent_state` of version 3 stays for sinks not yet upgraded).
 *
 * Two advisory locks per resource, in two classes (first key `lock_key`, then `lock_key + 1`;
 * second key the hash of the id, as in version 3):
 *
 * - the resource's **parent lock**: exclusive to change its parent, shared to read its parent
 *   while walking an ancestor chain (the locks of version 3, same keys);
 * - the resource's **children lock**: exclusive to rely on its having no children, shared to
 *   give it a child without walking its chain.
 *
 * A call locks only the children whose parent it changes (absent, or another parent and not
 * older than the stored one); the others keep their stored parent and their edges are not
 * applied (the whole call takes no lock when none changes, as before). An edge `child -> parent`
 * can only close a cycle if `child` has a descendant. So a changed child that has no children
 * (read after both its locks are held) and that no edge of the call names as parent may be
 * checked as a **leaf**: its edges need no walk of the parent's chain, only the parent's
 * children lock in shared mode, which keeps a concurrent call from checking the parent as a
 * leaf in turn (the two halves of a two-resource cycle). Holding its own children lock
 * exclusively keeps other calls from adding children under it, so a child is checked as a leaf
 * only when walking would wait: when another call holds its new parent's parent lock (it is
 * creating or moving that parent). The other changed children's new parents' chains are
 * walked as in version 3, each resource's parent lock taken (shared) before its row is read.
 * So of two calls of which one creates a deployment and the other adds instances under it,
 * neither waits for the other, where version 3 made the second wait for the first.
 *
 * Locks are only tried, inside a subtransaction: when one is held by another call, the
 * subtransaction is rolled back (which releases every per-resource lock it took), the
 * function waits for that one lock to be free (holding no per-resource lock, so the wait
 * cannot be part of a deadlock) and tries again; after four such waits it raises
 * `lock_not_available` (55P03), and the sink runs the call again, at last with `exclusive`
 * (the hierarchy lock `lock_key` exclusively: alone). Otherwise every call holds that lock
 * shared. A call with more than 256 changed children runs alone at once.
 *
 * Returns a row per changed child (`checked`: its edges are to be applied; no parent when it
 * does not exist yet) and a row per resource of the walked chains (`checked` false), read
 * after the locks; no row when no edge changes a parent.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(`
    CREATE OR REPLACE FUNCTION cockpit_try_advisory_locks(
      lock_class int,
      ids uuid[],
      shared boolean
    )
    RETURNS uuid
    LANGUAGE sql VOLATILE
    AS $$
      SELECT u.id
        FROM unnest(ids) AS u(id)
       WHERE NOT CASE
               WHEN shared THEN pg_try_advisory_xact_lock_shared(lock_class, hashtext(u.id::text))
               ELSE pg_try_advisory_xact_lock(lock_class, hashtext(u.id::text))
             END
       LIMIT 1
    $$
  `);
  await knex.raw(`
    COMMENT ON FUNCTION cockpit_try_advisory_locks(int, uuid[], boolean) IS
      'Tries the transaction advisory lock (lock_class, hashtext(id)) of each id; the first id whose lock another transaction holds, or NULL when every lock was taken'
  `);
  await knex.raw(`
    CREATE OR REPLACE FUNCTION cockpit_parent_check(
      child_ids uuid[],
      parent_ids uuid[],
      set_ats timestamptz[],
      lock_key bigint,
      exclusive boolean
    )
    RETURNS TABLE (id uuid, parent_id uuid, parent_set_at timestamptz, checked boolean)
    LANGUAGE plpgsql VOLATILE
    SET plan_cache_mode = force_custom_plan
    SET enable_hashjoin = off
    SET enable_mergejoin = off
    AS $$
    #variable_conflict use_column
    DECLARE
      parent_class constant int := lock_key::int;
      children_class constant int := (lock_key + 1)::int;
      per_resource boolean;
      changed uuid[];
      leaves uuid[];
      busy_parents uuid[];
      frontier uuid[];
      visited uuid[];
      waits int := 0;
      busy_class int;
      busy_id uuid;
      busy_shared boolean;
    BEGIN
      changed := ARRAY(
        SELECT DISTINCT e.child_id
          FROM unnest(child_ids, parent_ids, set_ats) AS e(child_id, parent_id, set_at)
          LEFT JOIN resources r ON r.id = e.child_id
         WHERE r.id IS NULL
            OR (r.parent_id IS DISTINCT FROM e.parent_id
                AND (r.parent_set_at IS NULL OR e.set_at >= r.parent_set_at))
      );
      IF cardinality(changed) = 0 THEN
        RETURN;
      END IF;

      per_resource := NOT exclusive AND cardinality(changed) <= 256;
      IF per_resource THEN
        PERFORM pg_advisory_xact_lock_shared(lock_key);
      ELSE
        PERFORM pg_advisory_xact_lock(lock_key);
      END IF;

      LOOP
        BEGIN
          -- Every statement below reads what was committed before it began: after the locks
          -- taken by the statements before it.
          busy_class := parent_class;
          busy_shared := false;
          busy_id := CASE WHEN per_resource
            THEN cockpit_try_advisory_locks(parent_class, changed, false) END;
          IF busy_id IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'lock_not_available';
          END IF;

          -- The new parents' parent locks, shared (the first step of the walks below); those
          -- another call holds are busy: it is creating or moving them (alone, all are).
          busy_parents := ARRAY(
            SELECT p.id
              FROM (SELECT DISTINCT e.parent_id
                      FROM unnest(child_ids, parent_ids) AS e(child_id, parent_id)
                     WHERE e.parent_id IS NOT NULL AND e.child_id = ANY(changed)
                   ) AS p(id)
             WHERE NOT per_resource
                OR NOT pg_try_advisory_xact_lock_shared(parent_class, hashtext(p.id::text))
          );
          -- Leaves: changed children with a busy new parent, without children, that no edge
          -- of this call names as parent. The other changed children walk their new parents'
          -- chains below, which leaves their children locks free for calls that add children
          -- under them.
          leaves := '{}';
          IF cardinality(busy_parents) > 0 THEN
            leaves := ARRAY(
              SELECT DISTINCT e.child_id
                FROM unnest(child_ids, parent_ids) AS e(child_id, parent_id)
               WHERE e.child_id = ANY(changed)
                 AND e.parent_id = ANY(busy_parents)
                 AND array_position(parent_ids, e.child_id) IS NULL
                 AND NOT EXISTS (SELECT 1 FROM resources r WHERE r.parent_id = e.child_id)
            );
          END IF;
          busy_class := children_class;
          busy_id := CASE WHEN per_resource
            THEN cockpit_try_advisory_locks(children_class, leaves, false) END;
          IF busy_id IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'lock_not_available';
          END IF;
          leaves := ARRAY(
            SELECT c.id
              FROM unnest(leaves) AS c(id)
             WHERE NOT EXISTS (SELECT 1 FROM resources r WHERE r.parent_id = c.id)
          );

          -- The new parents of leaves get a child: their children locks, shared.
          busy_shared := true;
          busy_id := CASE WHEN per_resource
            THEN cockpit_try_advisory_locks(children_class, ARRAY(
              SELECT DISTINCT e.parent_id
                FROM unnest(child_ids, parent_ids) AS e(child_id, parent_id)
               WHERE e.parent_id IS NOT NULL AND e.child_id = ANY(leaves)
            ), true) END;
          IF busy_id IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'lock_not_available';
          END IF;

          -- The chains of the other changed children's new parents, each resource's parent
          -- lock taken before its row is read.
          busy_class := parent_class;
          visited := '{}';
          frontier := ARRAY(
            SELECT DISTINCT e.parent_id
              FROM unnest(child_ids, parent_ids) AS e(child_id, parent_id)
             WHERE e.parent_id IS NOT NULL
               AND e.child_id = ANY(changed)
               AND NOT (e.child_id = ANY(leaves))
          );
          WHILE cardinality(frontier) > 0 LOOP
            busy_id := CASE WHEN per_resource
              THEN cockpit_try_advisory_locks(parent_class, frontier, true) END;
            IF busy_id IS NOT NULL THEN
              RAISE EXCEPTION USING ERRCODE = 'lock_not_available';
            END IF;
            visited := visited || frontier;
            frontier := ARRAY(
              SELECT DISTINCT r.parent_id
                FROM resources r
               WHERE r.id = ANY(frontier)
                 AND r.parent_id IS NOT NULL
                 AND NOT (r.parent_id = ANY(visited))
            );
          END LOOP;
          EXIT;
        EXCEPTION WHEN lock_not_available THEN
          -- Every per-resource lock of the attempt is released: wait for the one that was
          -- busy, holding none, then try again.
          waits := waits + 1;
          IF waits > 4 THEN
            RAISE EXCEPTION 'a resource whose parent this call checks is locked by another call'
              USING ERRCODE = 'lock_not_available';
          END IF;
          BEGIN
            IF busy_shared THEN
              PERFORM pg_advisory_xact_lock_shared(busy_class, hashtext(busy_id::text));
            ELSE
              PERFORM pg_advisory_xact_lock(busy_class, hashtext(busy_id::text));
            END IF;
            RAISE EXCEPTION USING ERRCODE = 'raise_exception';
          EXCEPTION WHEN raise_exception THEN
            NULL;
          END;
        END;
      END LOOP;

      RETURN QUERY
        SELECT c.id, r.parent_id, r.parent_set_at, true
          FROM unnest(changed) AS c(id)
          LEFT JOIN resources r ON r.id = c.id;
      RETURN QUERY
        SELECT r.id, r.parent_id, r.parent_set_at, false
          FROM resources r
         WHERE r.id = ANY(visited);
    END
    $$
  `);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw(
    'DROP FUNCTION IF EXISTS cockpit_parent_check(uuid[], uuid[], timestamptz[], bigint, boolean)',
  );
  await knex.raw(
    'DROP FUNCTION IF EXISTS cockpit_try_advisory_locks(int, uuid[], boolean)',
  );
};
