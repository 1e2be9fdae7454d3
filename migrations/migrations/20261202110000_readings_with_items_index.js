// @ts-check

/**
 * The readings whose value has a non-empty `items` array: the vulnerable versions and images.
 * The fleet holds one `vulnerabilities` reading per dependency version, nearly all of them
 * empty; "every vulnerable version" reads this small index instead of all of them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(
    `CREATE INDEX readings_with_items_idx ON readings (type, resource_id)
      WHERE storage_mode = 'SNAPSHOT' AND (value->'items') <> '[]'::jsonb`,
  );
  await knex.raw(
    `COMMENT ON INDEX readings_with_items_idx IS 'fleet-vulnerabilities: the SNAPSHOT readings of a type whose items are non-empty'`,
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX IF EXISTS readings_with_items_idx');
};
