// @ts-check

/**
 * Per-cluster flags: `gitops` (the cluster refuses apply; changes are exported instead),
 * `impersonate` (writes carry Impersonate-User/Group of the Backstage user) and `allow_insecure`
 * (the registration accepted an http:// API URL). Existing clusters get false for all three,
 * which is what they were: applied to directly, as Meshport's own identity, over https.
 * Runs on SQLite (embedded default) and PostgreSQL.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('mesh_clusters', table => {
    table
      .boolean('gitops')
      .notNullable()
      .defaultTo(false)
      .comment('changes are exported, never applied');
    table
      .boolean('impersonate')
      .notNullable()
      .defaultTo(false)
      .comment('writes impersonate the Backstage user');
    table
      .boolean('allow_insecure')
      .notNullable()
      .defaultTo(false)
      .comment('http:// api_url accepted at registration');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('mesh_clusters', table => {
    table.dropColumn('gitops');
    table.dropColumn('impersonate');
    table.dropColumn('allow_insecure');
  });
};
