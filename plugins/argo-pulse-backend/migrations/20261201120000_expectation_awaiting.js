// @ts-check
// Released migrations are never edited: add a new file instead.
//
// An expectation may name an application Argo Pulse has not seen yet (an
// ApplicationSet just made it): it is accepted with no targets and what to
// look for, and gets its targets when the application appears.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('argo_pulse_expectations', table => {
    table
      .text('awaiting')
      .nullable()
      .comment(
        'JSON: the applications still to be found in Argo CD (an entity target), while it has no targets',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('argo_pulse_expectations', table => {
    table.dropColumn('awaiting');
  });
};
