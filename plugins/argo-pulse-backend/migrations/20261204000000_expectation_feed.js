// @ts-check
// Released migrations are never edited: add a new file instead.
//
// The portal-wide deployments page lists expectations beside deployments,
// newest first across every entity: an index on when they were posted lets
// it read one page without sorting them all, and one on the entity (in lower
// case, as the entity index keeps it) with the time lets a team's or an
// entity's page read only that entity's expectations.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('argo_pulse_expectations', table => {
    table.index(['created_at'], 'argo_pulse_expectations_time_idx');
  });
  await knex.schema.raw(
    'CREATE INDEX argo_pulse_expectations_entity_key_idx ON argo_pulse_expectations (lower(entity_ref), created_at)',
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.raw('DROP INDEX argo_pulse_expectations_entity_key_idx');
  await knex.schema.alterTable('argo_pulse_expectations', table => {
    table.dropIndex(['created_at'], 'argo_pulse_expectations_time_idx');
  });
};
