// @ts-check

/**
 * `cockpit_parent_state` looks up each edge's child and walks the parents up from the named
 * resources: a handful of primary-key probes per edge. The planner, costing random reads as
 * if they came from disk, preferred hashing the whole resources table for calls of a few dozen
 * edges (measured: 4.4 ms instead of 0.2 ms on 20,000 resources, growing with the fleet). The
 * function now plans with nested loops only, so its cost follows the call, not the table.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(`
    ALTER FUNCTION cockpit_parent_state(uuid[], uuid[], timestamptz[], bigint)
      SET enable_hashjoin = off
      SET enable_mergejoin = off
  `);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw(`
    ALTER FUNCTION cockpit_parent_state(uuid[], uuid[], timestamptz[], bigint)
      RESET enable_hashjoin
  `);
  await knex.raw(`
    ALTER FUNCTION cockpit_parent_state(uuid[], uuid[], timestamptz[], bigint)
      RESET enable_mergejoin
  `);
};
