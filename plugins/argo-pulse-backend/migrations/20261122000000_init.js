// @ts-check
// Released migrations are never edited: add a new file instead.
//
// Times are stored as ISO 8601 strings in UTC (always 24 characters, from
// Date#toISOString), so they sort and compare the same on SQLite and
// PostgreSQL and read back without driver-specific date handling.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('argo_pulse_applications', table => {
    table.comment(
      'The latest snapshot of each Argo CD application, as the poller saw it',
    );
    table.string('instance', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('name', 255).notNullable();
    table.string('project', 255).notNullable();
    table
      .text('labels')
      .notNullable()
      .comment('JSON object, for label selectors evaluated locally');
    table
      .string('fingerprint', 64)
      .notNullable()
      .comment(
        'Hash of the projected list entry: a change means fetch the full app',
      );
    table
      .text('snapshot')
      .notNullable()
      .comment('JSON: what the overview shows');
    table.string('observed_at', 30).notNullable();
    table
      .string('deleted_at', 30)
      .nullable()
      .comment('Set when the app disappeared from Argo CD');
    table.primary(['instance', 'namespace', 'name']);
    table.index(['name'], 'argo_pulse_applications_name_idx');
  });

  await knex.schema.createTable('argo_pulse_deployments', table => {
    table.comment(
      'Durable deployment history, beyond the 10 entries Argo CD keeps',
    );
    table.bigIncrements('id').primary();
    table.string('instance', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('application', 255).notNullable();
    table
      .bigInteger('history_id')
      .notNullable()
      .comment('Argo CD status.history[].id');
    table.text('revisions').notNullable().comment('JSON array, one per source');
    table
      .text('sources')
      .notNullable()
      .comment('JSON array of {repoURL, path?, chart?, targetRevision?, ref?}');
    table.string('started_at', 30).nullable();
    table.string('finished_at', 30).notNullable();
    table
      .text('initiated_by')
      .nullable()
      .comment('JSON {username?, automated?}');
    table
      .text('images')
      .notNullable()
      .comment('JSON array of the images that went live');
    table.text('sync_result').nullable().comment('JSON {phase, message?}');
    table.unique(['instance', 'namespace', 'application', 'history_id'], {
      indexName: 'argo_pulse_deployments_history_uq',
    });
    table.index(
      ['instance', 'namespace', 'application', 'finished_at'],
      'argo_pulse_deployments_app_time_idx',
    );
    table.index(['finished_at'], 'argo_pulse_deployments_time_idx');
  });

  await knex.schema.createTable('argo_pulse_commits', table => {
    table.comment(
      'Commit metadata, fetched at most once per (instance, application, revision)',
    );
    table.string('instance', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('application', 255).notNullable();
    table.string('revision', 255).notNullable();
    table.text('author').nullable();
    table.text('message').nullable();
    table.string('committed_at', 30).nullable();
    table
      .text('error')
      .nullable()
      .comment('Why Argo CD could not tell, when it could not');
    table.string('fetched_at', 30).notNullable();
    table.primary(['instance', 'namespace', 'application', 'revision']);
  });

  await knex.schema.createTable('argo_pulse_instances', table => {
    table.comment('Freshness of each Argo CD instance');
    table.string('instance', 255).primary();
    table.string('last_attempt_at', 30).nullable();
    table.string('last_success_at', 30).nullable();
    table.text('last_error').nullable();
    table.string('last_error_at', 30).nullable();
    table.integer('application_count').notNullable().defaultTo(0);
    table.integer('cycle_duration_ms').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('argo_pulse_instances');
  await knex.schema.dropTable('argo_pulse_commits');
  await knex.schema.dropTable('argo_pulse_deployments');
  await knex.schema.dropTable('argo_pulse_applications');
};
