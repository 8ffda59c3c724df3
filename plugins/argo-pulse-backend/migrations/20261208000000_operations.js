// @ts-check
// Released migrations are never edited: add a new file instead.
//
// Operations started from Backstage (a refresh, a sync or a rollback of an
// application): who asked, from which entity, when, and how it went. The
// history says "sync started by alice via Backstage" from them, and they
// hold the per-user rate limit across replicas: a request is refused while
// an earlier one of the same user, application and action is in flight or
// answered less than 10 s ago.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('argo_pulse_operations', table => {
    table.comment('Refreshes, syncs and rollbacks started from Backstage');
    table.bigIncrements('id').primary();
    table.string('instance', 255).notNullable();
    table.string('app_namespace', 255).notNullable();
    table.string('application', 255).notNullable();
    table
      .string('action', 16)
      .notNullable()
      .comment('refresh, sync or rollback');
    table.string('user_ref', 512).notNullable().comment('Who asked');
    table.string('entity_ref', 512).notNullable().comment('From which entity');
    table.string('requested_at', 30).notNullable();
    table.string('answered_at', 30).nullable();
    table
      .string('outcome', 16)
      .notNullable()
      .comment('pending (in flight), refreshed, started or failed');
    table.text('error').nullable().comment('Why it failed, as answered');
    table
      .text('request')
      .nullable()
      .comment(
        'What was asked (JSON): prune, dryRun, the deployment rolled back to',
      );
    table.index(
      ['instance', 'app_namespace', 'application', 'requested_at'],
      'argo_pulse_operations_app_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('argo_pulse_operations');
};
