// @ts-check
// Released migrations are never edited: add a new file instead.
//
// A hydrated application (Argo CD's source hydrator) syncs a commit Argo CD
// wrote from the one CI made: the history keeps Argo CD's revision (the
// hydrated commit, which identifies the entry) and, beside it, the dry commit
// it was hydrated from, which expectations and commits are about.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('argo_pulse_deployments', table => {
    table
      .string('dry_revision', 255)
      .nullable()
      .comment(
        'For a hydrated application: the dry commit the synced revision was hydrated from',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('argo_pulse_deployments', table => {
    table.dropColumn('dry_revision');
  });
};
