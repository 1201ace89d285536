// @ts-check

/**
 * Where a mesh's metrics come from, beside the existing `prometheus_url`: the header sent to
 * Prometheus (a credential, so sealed like cluster tokens and never returned), and the
 * Prometheus-format endpoints to scrape directly when there is no Prometheus. Existing meshes
 * get neither, which is what they had. Runs on SQLite (embedded default) and PostgreSQL.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('mesh_meshes', table => {
    table
      .text('prometheus_auth_encrypted')
      .nullable()
      .comment(
        'AES-256-GCM sealed Authorization header for Prometheus; never returned by the API',
      );
    table
      .text('metrics_scrape_urls')
      .nullable()
      .comment('JSON array of Prometheus-format endpoints scraped directly');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('mesh_meshes', table => {
    table.dropColumn('prometheus_auth_encrypted');
    table.dropColumn('metrics_scrape_urls');
  });
};
