// @ts-check

/**
 * Clusters, meshes and their memberships. Runs on SQLite (embedded default) and PostgreSQL.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mesh_clusters', table => {
    table.comment('Kubernetes clusters Meshport watches');
    table.string('name', 63).primary().notNullable();
    table.string('title', 200).nullable();
    table.string('api_url', 2048).notNullable();
    table
      .text('ca_data')
      .nullable()
      .comment('PEM of the API server CA; not a secret');
    table.boolean('insecure_skip_tls_verify').notNullable().defaultTo(false);
    table.string('auth_kind', 32).notNullable().defaultTo('bearerToken');
    table
      .text('credentials_encrypted')
      .notNullable()
      .comment('AES-256-GCM sealed JSON; never returned by the API');
    table.text('labels').notNullable().defaultTo('{}');
    table.string('source', 16).notNullable().comment('config | api');
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('mesh_meshes', table => {
    table.comment('Istio meshes: one control plane and its member clusters');
    table.string('name', 63).primary().notNullable();
    table.string('title', 200).nullable();
    table.string('kind', 16).notNullable().comment('external | managed');
    table
      .string('control_plane_cluster', 63)
      .notNullable()
      .references('name')
      .inTable('mesh_clusters');
    table.string('revision', 63).nullable();
    table.string('version', 63).nullable();
    table.string('trust_domain', 253).notNullable().defaultTo('cluster.local');
    table.string('prometheus_url', 2048).nullable();
    table.string('source', 16).notNullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('mesh_memberships', table => {
    table.comment('Which clusters belong to which mesh, with role and network');
    table
      .string('mesh_name', 63)
      .notNullable()
      .references('name')
      .inTable('mesh_meshes')
      .onDelete('CASCADE');
    table
      .string('cluster_name', 63)
      .notNullable()
      .references('name')
      .inTable('mesh_clusters');
    table.string('role', 16).notNullable().comment('primary | remote');
    table.string('network', 63).nullable();
    table.primary(['mesh_name', 'cluster_name']);
    table.index(['cluster_name'], 'mesh_memberships_cluster_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mesh_memberships');
  await knex.schema.dropTable('mesh_meshes');
  await knex.schema.dropTable('mesh_clusters');
};
