// @ts-check

/**
 * The Cockpit store: resources, readings and rejected input.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('resources', table => {
    table.comment(
      'Things readings are collected for (services, deployments, instances, dependencies, ...)',
    );
    table
      .uuid('id')
      .primary()
      .comment(
        'UUIDv5 of type + "\\n" + name under the namespace exported by cockpit-common',
      );
    table
      .text('type')
      .notNullable()
      .comment('Free-form resource type, e.g. ServiceInstance');
    table
      .text('name')
      .notNullable()
      .comment(
        'Deterministic name, unique within its type (contract section 4)',
      );
    table
      .uuid('parent_id')
      .nullable()
      .references('id')
      .inTable('resources')
      .onDelete('CASCADE')
      .comment(
        'The parent resource; deleting a parent deletes its descendants',
      );
    table
      .timestamp('created_on', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now())
      .comment('When the store first saw the resource');
    table
      .timestamp('last_seen_on', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now())
      .comment(
        'The last time any message named the resource (as resource, parent or reading target)',
      );
    table.unique(['type', 'name'], { indexName: 'resources_type_name_key' });
    table.index(['parent_id'], 'resources_parent_id_idx');
  });

  await knex.schema.createTable('readings', table => {
    table.comment('Pieces of data about one resource each, stored as JSONB');
    table.bigIncrements('id').primary().comment('Serial id');
    table
      .text('type')
      .notNullable()
      .comment('Free-form reading type, e.g. health');
    table
      .uuid('resource_id')
      .notNullable()
      .references('id')
      .inTable('resources')
      .onDelete('CASCADE')
      .comment('The resource the reading describes');
    table
      .jsonb('value')
      .notNullable()
      .comment('The reading: any JSON document');
    table
      .text('storage_mode')
      .notNullable()
      .defaultTo('SNAPSHOT')
      .comment(
        'SNAPSHOT: newest per (resource, type) wins; TIME_SERIES: every point is kept',
      );
    table
      .timestamp('collected_at', { useTz: true })
      .notNullable()
      .comment('When the collector measured it (or the SNS notification time)');
    table
      .timestamp('created_on', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now())
      .comment('When the store wrote this version of the reading');
  });
  await knex.raw(
    `ALTER TABLE readings ADD CONSTRAINT readings_storage_mode_check CHECK (storage_mode IN ('SNAPSHOT', 'TIME_SERIES'))`,
  );
  await knex.raw(
    `CREATE UNIQUE INDEX readings_snapshot_key ON readings (resource_id, type) WHERE storage_mode = 'SNAPSHOT'`,
  );
  await knex.raw(
    `CREATE UNIQUE INDEX readings_time_series_key ON readings (resource_id, type, collected_at) WHERE storage_mode = 'TIME_SERIES'`,
  );
  await knex.raw(
    `CREATE INDEX readings_resource_collected_idx ON readings (resource_id, collected_at DESC, id DESC)`,
  );

  await knex.schema.createTable('rejections', table => {
    table.comment(
      'Quarantined input: batches or messages that were not valid, kept raw with the reason',
    );
    table.bigIncrements('id').primary().comment('Serial id');
    table
      .text('source')
      .notNullable()
      .comment(
        'Where the input came from, e.g. sqs:<messageId>, sns:<messageId>, http, local',
      );
    table
      .text('collector')
      .nullable()
      .comment('The collector named by the batch, when readable');
    table
      .text('reason')
      .notNullable()
      .comment('Why it was refused, naming the failing field');
    table
      .text('payload')
      .notNullable()
      .comment('The raw input: the whole body, or the one message');
    table
      .integer('message_index')
      .nullable()
      .comment(
        'Index of the message within its batch; null when the whole batch was refused',
      );
    table
      .text('dedupe_key')
      .notNullable()
      .unique({ indexName: 'rejections_dedupe_key_key' })
      .comment(
        'Hash of source, index and payload, so a redelivered bad message is stored once',
      );
    table
      .timestamp('received_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now())
      .comment('When the sink refused it');
    table.index(['received_at'], 'rejections_received_at_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('rejections');
  await knex.schema.dropTable('readings');
  await knex.schema.dropTable('resources');
};
