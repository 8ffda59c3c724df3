// @ts-check
// Released migrations are never edited: add a new file instead.
//
// The ApplicationSets that generated the applications Argo Pulse keeps, as
// last read from each instance: their health (Argo CD 3.4+) and, for a
// progressive sync, the step each generated application is in. An entity's
// page groups its applications by them without asking Argo CD.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('argo_pulse_application_sets', table => {
    table.comment('ApplicationSets of the kept applications, as last read');
    table.string('instance', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('name', 255).notNullable();
    table
      .text('document')
      .notNullable()
      .comment(
        'Health, rolling sync steps and generated applications, as JSON',
      );
    table.string('observed_at', 64).notNullable();
    table.primary(['instance', 'namespace', 'name']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('argo_pulse_application_sets');
};
