// @ts-check

/**
 * History and provenance (contract section 7).
 *
 * - `reading_versions`: every distinct value a SNAPSHOT reading had, one row per version,
 *   keyed by (resource, type, the time it became true). A version ends where the next one of
 *   the same key begins (no end column: a write never has to update another row's end, so
 *   concurrent writers of one key never meet on an older row). Consecutive rows of one key
 *   never hold equal values: a republished unchanged value adds no row.
 * - `readings.value_since`: when the current value of a SNAPSHOT became true (the
 *   `valid_from` of its version in force); the sink compares it with `collected_at` to know
 *   whether a write started a new version.
 * - `readings.collector` / `readings.source`: the provenance of the stored row (the batch's
 *   collector, the delivery it came in: `sqs:<id>`, `sns:<id>`, `http`, `local`).
 * - `resource_tombstones`: resources housekeeping deleted, with when, so that as-of reads
 *   and the change feed know they existed.
 *
 * An existing store moves forward with its data: each current SNAPSHOT reading becomes the
 * first version of its key, valid from its `collected_at`.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('readings', table => {
    table
      .timestamp('value_since', { useTz: true })
      .nullable()
      .comment(
        'SNAPSHOT: when the current value became true (valid_from of its version)',
      );
    table
      .text('collector')
      .nullable()
      .comment('The collector whose batch wrote this row');
    table
      .text('source')
      .nullable()
      .comment('The delivery the row came in: sqs:<id>, sns:<id>, http, local');
  });
  await knex.raw(
    `UPDATE readings SET value_since = collected_at WHERE storage_mode = 'SNAPSHOT'`,
  );

  await knex.schema.createTable('reading_versions', table => {
    table.comment(
      'Every distinct value a SNAPSHOT reading had; a version lasts until the next one of its key',
    );
    table
      .uuid('resource_id')
      .notNullable()
      .references('id')
      .inTable('resources')
      .onDelete('CASCADE')
      .comment('The resource the reading describes');
    table.text('type').notNullable().comment('The reading type');
    table
      .timestamp('valid_from', { useTz: true })
      .notNullable()
      .comment(
        'When this value became true (the collectedAt of its first reading)',
      );
    table
      .jsonb('value')
      .notNullable()
      .comment('The value in force from valid_from');
    table
      .text('collector')
      .nullable()
      .comment('The collector whose reading started this version');
    table
      .text('source')
      .nullable()
      .comment('The delivery that reading came in');
    table
      .timestamp('recorded_on', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now())
      .comment('When the store wrote the row');
    table.primary(['resource_id', 'type', 'valid_from']);
  });
  await knex.raw(
    `CREATE INDEX reading_versions_valid_from_idx ON reading_versions (valid_from DESC)`,
  );
  await knex.raw(
    `COMMENT ON INDEX reading_versions_valid_from_idx IS 'change feed: versions that began in a time window, fleet-wide'`,
  );
  await knex.raw(
    `INSERT INTO reading_versions (resource_id, type, valid_from, value, recorded_on)
     SELECT resource_id, type, collected_at, value, created_on
       FROM readings WHERE storage_mode = 'SNAPSHOT'`,
  );

  await knex.schema.createTable('resource_tombstones', table => {
    table.comment('Resources deleted by housekeeping, and when');
    table.uuid('id').notNullable().comment('The id the resource had');
    table.text('type').notNullable().comment('Its resource type');
    table.text('name').notNullable().comment('Its name');
    table
      .uuid('parent_id')
      .nullable()
      .comment('Its parent when it was deleted');
    table
      .timestamp('created_on', { useTz: true })
      .notNullable()
      .comment('When the store had created it');
    table
      .timestamp('deleted_on', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now())
      .comment('When housekeeping deleted it');
    table.text('reason').nullable().comment('The rule that deleted it');
    table.primary(['id', 'deleted_on']);
  });
  await knex.raw(
    `CREATE INDEX resource_tombstones_deleted_on_idx ON resource_tombstones (deleted_on DESC)`,
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('resource_tombstones');
  await knex.schema.dropTable('reading_versions');
  await knex.schema.alterTable('readings', table => {
    table.dropColumn('source');
    table.dropColumn('collector');
    table.dropColumn('value_since');
  });
};
