// @ts-check
// Released migrations are never edited: add a new file instead.
//
// Leases: which backend replica does a long-running job (an instance's event
// stream) right now, until when. A replica that dies stops renewing, and its
// lease passes to another once it expires.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('argo_pulse_leases', table => {
    table.comment('Which backend replica holds a job, until when');
    table.string('name', 255).primary();
    table.string('holder', 255).notNullable();
    table.string('expires_at', 30).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('argo_pulse_leases');
};
