// @ts-check

/**
 * Canary releases and their history. A canary row carries a lease (`lease_owner`, `lease_until`)
 * and a `version` raised on every write, so that across replicas each step is judged and recorded
 * once; events are numbered per canary and (canary_id, seq) is the primary key, so the database
 * itself refuses a second event with the same number.
 *
 * Timestamps are `timestamp with time zone` on PostgreSQL. On SQLite knex binds a JS Date as epoch
 * milliseconds, so the store always writes and compares these columns with Date values (never ISO
 * strings): both databases then order and compare them correctly, which the lease and due queries
 * rely on. Runs on SQLite (embedded default) and PostgreSQL.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mesh_canaries', table => {
    table.comment(
      'Canary releases: traffic shifted step by step from a stable to a canary version',
    );
    table.string('id', 36).primary().notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('cluster', 63).notNullable();
    table.string('namespace', 63).notNullable();
    table.string('service', 63).notNullable();
    table.string('stable_version', 63).notNullable();
    table.string('canary_version', 63).notNullable();
    table.text('plan').notNullable().comment('JSON: the CanaryPlan');
    table
      .text('weights')
      .notNullable()
      .comment('JSON: the weights the plan walks through');
    table
      .string('state', 16)
      .notNullable()
      .comment('progressing | paused | promoted | rolled-back | aborted');
    table.integer('step').notNullable();
    table.integer('weight').notNullable();
    table.integer('failed_checks').notNullable();
    table.text('message').nullable();
    table
      .string('route_kind', 16)
      .notNullable()
      .comment('VirtualService | HTTPRoute');
    table.string('route_namespace', 63).notNullable();
    table.string('route_name', 253).notNullable();
    table
      .text('written_spec')
      .nullable()
      .comment('JSON: the routing spec as the canary last wrote it');
    table
      .timestamp('next_check_at', { useTz: true })
      .nullable()
      .comment('when the controller next judges it; null when not due');
    table.string('lease_owner', 255).nullable();
    table.timestamp('lease_until', { useTz: true }).nullable();
    table
      .integer('version')
      .notNullable()
      .comment('raised on every claim, commit and release');
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.index(['entity_ref', 'created_at'], 'mesh_canaries_entity_idx');
    table.index(['state', 'next_check_at'], 'mesh_canaries_due_idx');
    table.index(
      ['cluster', 'namespace', 'service', 'state'],
      'mesh_canaries_service_idx',
    );
  });
  await knex.schema.createTable('mesh_canary_events', table => {
    table.comment(
      'The history of each canary: every step, its checks and verdict',
    );
    table
      .string('canary_id', 36)
      .notNullable()
      .references('id')
      .inTable('mesh_canaries')
      .onDelete('CASCADE');
    table.integer('seq').notNullable().comment('1, 2, … per canary');
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('verdict', 16).notNullable();
    table.integer('step').notNullable();
    table.integer('weight').notNullable();
    table.integer('failed_checks').notNullable();
    table.text('checks').notNullable().comment('JSON: CanaryCheckResult[]');
    table.text('message').notNullable();
    table.string('actor', 255).notNullable();
    table.string('change_id', 36).nullable();
    table.primary(['canary_id', 'seq']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mesh_canary_events');
  await knex.schema.dropTable('mesh_canaries');
};
