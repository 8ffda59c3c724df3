// @ts-check
// Released migrations are never edited: add a new file instead.
//
// The entity index was rewritten whole every minute: with thousands of
// entities selecting hundreds of applications each, that is hundreds of
// thousands of rows every minute. Each entity now keeps a digest of what the
// index holds of it, and a rebuild rewrites only the entities whose digest
// changed (rows indexed before this have none, and are rewritten once).

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('argo_pulse_entities', table => {
    table
      .string('digest', 64)
      .nullable()
      .comment('SHA-256 of what the index holds of the entity');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('argo_pulse_entities', table => {
    table.dropColumn('digest');
  });
};
