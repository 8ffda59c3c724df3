// @ts-check
// Released migrations are never edited: add a new file instead.
//
// A deployment that turned degraded is announced once on the events topic
// `argo-pulse.deployment` (and so to its owners, by the failure notifications
// module): the replica that claims the row by setting `announced_at` publishes it.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('argo_pulse_deployments', table => {
    table
      .string('announced_at', 30)
      .nullable()
      .comment('When its degraded result was published as an event');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('argo_pulse_deployments', table => {
    table.dropColumn('announced_at');
  });
};
