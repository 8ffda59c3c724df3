// @ts-check
// Released migrations are never edited: add a new file instead.
//
// Polling reads the overview first and the detail (resource tree, commit
// metadata) in a background queue; `detail_pending` marks the applications
// whose detail is still to be read, so a restart resumes the queue.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('argo_pulse_applications', table => {
    table
      .boolean('detail_pending')
      .notNullable()
      .defaultTo(false)
      .comment('The resource tree and commit metadata are still to be read');
    table.index(
      ['instance', 'detail_pending'],
      'argo_pulse_applications_detail_idx',
    );
  });
  await knex.schema.alterTable('argo_pulse_commits', table => {
    table.index(['fetched_at'], 'argo_pulse_commits_fetched_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('argo_pulse_commits', table => {
    table.dropIndex(['fetched_at'], 'argo_pulse_commits_fetched_idx');
  });
  await knex.schema.alterTable('argo_pulse_applications', table => {
    table.dropIndex(
      ['instance', 'detail_pending'],
      'argo_pulse_applications_detail_idx',
    );
    table.dropColumn('detail_pending');
  });
};
