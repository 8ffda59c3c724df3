// @ts-check
// Released migrations are never edited: add a new file instead.
//
// What an entity's overview shows of each application (sync, health, the
// operation's phase, images, why it is unhealthy), kept beside the whole
// snapshot: a page view reads this small text instead of parsing every
// snapshot with its resources. Rows written before it have none until they
// next change; readers fall back to the snapshot.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('argo_pulse_applications', table => {
    table
      .text('summary')
      .nullable()
      .comment("The overview's part of the snapshot, as JSON");
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('argo_pulse_applications', table => {
    table.dropColumn('summary');
  });
};
