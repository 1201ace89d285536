// @ts-check

/**
 * Change sets of the write path: each preview, and what became of it (applied, failed, conflict,
 * exported). An applied change is the audit row: who, when, entity, cluster, resources, diff,
 * result. Also the mesh options the live model needs (root namespace, cluster domain).
 * Runs on SQLite (embedded default) and PostgreSQL.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mesh_changes', table => {
    table.comment(
      'Previewed and applied mesh configuration changes: the audit trail and history',
    );
    table.string('id', 36).primary().notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('cluster', 63).notNullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('previewed | applying | applied | failed | conflict | exported');
    table.text('description').nullable();
    table.string('revert_of', 36).nullable();
    table
      .text('resources')
      .notNullable()
      .comment('JSON: per resource the diff, before/after YAML and manifests');
    table
      .text('findings')
      .notNullable()
      .comment('JSON: findings introduced and fixed');
    table
      .text('dry_run')
      .notNullable()
      .comment('JSON: the server-side dry run result');
    table.boolean('gitops').notNullable().defaultTo(false);
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.string('applied_by', 255).nullable();
    table.timestamp('applied_at', { useTz: true }).nullable();
    table.text('result').nullable();
    table.index(['entity_ref', 'created_at'], 'mesh_changes_entity_idx');
  });
  await knex.schema.alterTable('mesh_meshes', table => {
    table.string('root_namespace', 63).nullable();
    table.string('cluster_domain', 253).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('mesh_meshes', table => {
    table.dropColumn('root_namespace');
    table.dropColumn('cluster_domain');
  });
  await knex.schema.dropTable('mesh_changes');
};
