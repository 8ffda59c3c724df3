// @ts-check
// Released migrations are never edited: add a new file instead.
//
// The instances page shows how polling each instance goes, including how many
// requests the last poll made. An instance's last poll failure is shown to
// users as a category and a short reason, never as raw exception text (which may quote a header or a
// database statement). A failure stored before this is replaced by a plain
// text until the next poll says why: its raw text could quote a secret.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('argo_pulse_instances', table => {
    table
      .string('last_error_category', 32)
      .nullable()
      .comment(
        'What kind of failure last_error is (cannot-connect, unauthorized, …)',
      );
    table
      .integer('cycle_requests')
      .nullable()
      .comment(
        'Requests to Argo CD the last poll made (retries and logins included)',
      );
  });
  await knex('argo_pulse_instances').whereNotNull('last_error').update({
    last_error: 'the last poll failed; the next poll will say why',
    last_error_category: 'internal',
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('argo_pulse_instances', table => {
    table.dropColumn('last_error_category');
    table.dropColumn('cycle_requests');
  });
};
