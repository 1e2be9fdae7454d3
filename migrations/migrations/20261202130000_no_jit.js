// @ts-check

/**
 * Turns PostgreSQL's JIT compilation off for the Cockpit database.
 *
 * Cockpit's reads are short index probes, but the planner's cost of a recursive subtree
 * (it cannot know a service has 19 resources, not 16,000) passes `jit_above_cost`, and
 * compiling the plan then takes about a second: the change feed of one service measured
 * 1,100 ms with JIT and a few ms without (`EXPLAIN (ANALYZE)`: JIT total 1,064 ms of 1,114).
 * New sessions get the setting; a role without the right to alter the database (or an
 * embedded PostgreSQL built without it) keeps its own, and the operator sets `jit = off` in
 * the server's parameters instead (docs/deploy-aws.md).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(`DO $$
    BEGIN
      EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
    EXCEPTION WHEN insufficient_privilege OR feature_not_supported OR undefined_object THEN
      RAISE NOTICE 'Cockpit: could not turn JIT off for the database (%); set jit = off in the server parameters', SQLERRM;
    END $$`);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw(`DO $$
    BEGIN
      EXECUTE format('ALTER DATABASE %I RESET jit', current_database());
    EXCEPTION WHEN insufficient_privilege OR feature_not_supported OR undefined_object THEN
      NULL;
    END $$`);
};
