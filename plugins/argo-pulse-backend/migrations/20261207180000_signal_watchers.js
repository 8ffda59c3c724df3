// @ts-check
// Released migrations are never edited: add a new file instead.
//
// Change signals go only to the users who read the entity they concern:
// each read of an entity's Argo CD data, by a signed-in user the catalog and
// the permission policy let read it, records that user as watching the
// entity and the applications the read showed, for a while. A change is then
// signalled to those users alone, so a socket that is not signed in, or a
// user who never read the entity, receives nothing about it. Kept in the
// database so that the replica that polls signals the readers whose page
// another replica served.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('argo_pulse_signal_watchers', table => {
    table.comment(
      'Who read which entity and its applications recently: the recipients of their change signals',
    );
    table.string('user_ref', 512).notNullable();
    table.string('entity_ref', 512).notNullable().comment('In lower case');
    table
      .string('instance', 255)
      .notNullable()
      .comment(
        'With app_namespace and application, one the read showed; empty on the row of the entity itself',
      );
    table.string('app_namespace', 255).notNullable();
    table.string('application', 255).notNullable();
    table.string('expires_at', 30).notNullable();
    table.primary([
      'user_ref',
      'entity_ref',
      'instance',
      'app_namespace',
      'application',
    ]);
    table.index(['entity_ref'], 'argo_pulse_signal_watchers_entity_idx');
    table.index(
      ['instance', 'app_namespace', 'application'],
      'argo_pulse_signal_watchers_app_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('argo_pulse_signal_watchers');
};
