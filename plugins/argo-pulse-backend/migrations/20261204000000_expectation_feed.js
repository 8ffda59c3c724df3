// @ts-check
// Released migrations are never edited: add a new file instead.
//
// The portal-wide deployments page lists expectations beside deployments,
// newest first across every entity: an index on when they were posted lets
// it read one page without sorting them all.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('argo_pulse_expectations', table => {
    table.index(['created_at'], 'argo_pulse_expectations_time_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('argo_pulse_expectations', table => {
    table.dropIndex(['created_at'], 'argo_pulse_expectations_time_idx');
  });
};
