// @ts-check
// Released migrations are never edited: add a new file instead.
//
// History between polls: a poll may find that Argo CD's history moved on by
// more entries than it keeps (revisionHistoryLimit, 10 by default), and
// entries that were never seen running have no images until they are
// recovered (from a row at the same revisions, or from the manifests Argo CD
// renders at that revision).

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('argo_pulse_deployments', table => {
    table
      .integer('missed_before')
      .nullable()
      .comment(
        'History entries just before this one that Argo CD dropped before a poll saw them',
      );
    table
      .string('images_from', 16)
      .nullable()
      .comment(
        'Where images come from: running, same-revision, manifests; none when Argo CD could not say; null until known',
      );
  });
  await knex('argo_pulse_deployments')
    .whereNot('images', '[]')
    .update({ images_from: 'running' });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('argo_pulse_deployments', table => {
    table.dropColumn('missed_before');
    table.dropColumn('images_from');
  });
};
