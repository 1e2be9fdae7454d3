// @ts-check

/**
 * The sink orders re-parenting by message time: a redelivered old resource message must not
 * undo a newer one, so each resource remembers when its parent was last set.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('resources', table => {
    table
      .timestamp('parent_set_at', { useTz: true })
      .nullable()
      .comment(
        'Notification time of the resource message that set parent_id; an older message does not re-parent (null: never set by a message)',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('resources', table => {
    table.dropColumn('parent_set_at');
  });
};
