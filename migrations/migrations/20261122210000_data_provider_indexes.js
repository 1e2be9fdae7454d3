// @ts-check

/**
 * Indexes for the data provider's calculations and housekeeping.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // dependency-usage and fleet-vulnerabilities: "which deployments list any of these
  // versions" as `(value->'dependencies') ?| array[...]` over deployment-dependencies only.
  await knex.raw(
    `CREATE INDEX readings_deployment_dependencies_gin ON readings USING gin ((value->'dependencies'))
      WHERE type = 'deployment-dependencies' AND storage_mode = 'SNAPSHOT'`,
  );
  await knex.raw(
    `COMMENT ON INDEX readings_deployment_dependencies_gin IS 'dependency-usage: deployments whose deployment-dependencies list one of the given versions'`,
  );
  // Fleet-wide calculations start from all readings of one SNAPSHOT type (vulnerabilities,
  // deployment-dependencies); housekeeping's stale rules probe the newest reading of a type.
  await knex.raw(
    `CREATE INDEX readings_snapshot_type_idx ON readings (type, resource_id) WHERE storage_mode = 'SNAPSHOT'`,
  );
  await knex.raw(
    `COMMENT ON INDEX readings_snapshot_type_idx IS 'fleet calculations: every SNAPSHOT reading of one type'`,
  );
  // Housekeeping: TIME_SERIES retention by age per reading type.
  await knex.raw(
    `CREATE INDEX readings_time_series_type_collected_idx ON readings (type, collected_at) WHERE storage_mode = 'TIME_SERIES'`,
  );
  await knex.raw(
    `COMMENT ON INDEX readings_time_series_type_collected_idx IS 'housekeeping: TIME_SERIES points of a type older than maxAge'`,
  );
  // Housekeeping: stale-resource candidates of one type created before a cut-off.
  await knex.raw(
    `CREATE INDEX resources_type_created_on_idx ON resources (type, created_on)`,
  );
  await knex.raw(
    `COMMENT ON INDEX resources_type_created_on_idx IS 'housekeeping: candidates of a stale-resource rule'`,
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX IF EXISTS resources_type_created_on_idx');
  await knex.raw(
    'DROP INDEX IF EXISTS readings_time_series_type_collected_idx',
  );
  await knex.raw('DROP INDEX IF EXISTS readings_snapshot_type_idx');
  await knex.raw('DROP INDEX IF EXISTS readings_deployment_dependencies_gin');
};
