// @ts-check

/**
 * Indexes for the read side of history (contract section 7): as-of reads, a service's change
 * feed and the as-of "which deployments carried these versions".
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // A service's change feed: the versions of a subtree's resources that began in a window,
  // whatever their type (the primary key puts type before valid_from).
  await knex.raw(
    `CREATE INDEX reading_versions_resource_time_idx ON reading_versions (resource_id, valid_from DESC)`,
  );
  await knex.raw(
    `COMMENT ON INDEX reading_versions_resource_time_idx IS 'change feed of a subtree: versions of some resources in a time window'`,
  );
  // dependency-usage and the vulnerability calculations as of a moment: versions of
  // deployment-dependencies that listed any of the given versions.
  await knex.raw(
    `CREATE INDEX reading_versions_deployment_dependencies_gin ON reading_versions USING gin ((value->'dependencies'))
      WHERE type = 'deployment-dependencies'`,
  );
  await knex.raw(
    `COMMENT ON INDEX reading_versions_deployment_dependencies_gin IS 'as-of dependency links: deployment-dependencies versions listing one of the given versions'`,
  );
  // A service's change feed walks the subtree through deleted resources too.
  await knex.raw(
    `CREATE INDEX resource_tombstones_parent_idx ON resource_tombstones (parent_id)`,
  );
  await knex.raw(
    `COMMENT ON INDEX resource_tombstones_parent_idx IS 'change feed of a subtree: deleted children of a resource'`,
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX IF EXISTS resource_tombstones_parent_idx');
  await knex.raw(
    'DROP INDEX IF EXISTS reading_versions_deployment_dependencies_gin',
  );
  await knex.raw('DROP INDEX IF EXISTS reading_versions_resource_time_idx');
};
