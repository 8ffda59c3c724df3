// @ts-check
// Released migrations are never edited: add a new file instead.
//
// The entity index: which catalog entities the stored applications belong to
// (by the entities' Argo CD annotations), with what permission conditions and
// the portal-wide filters look at (kind, system, owners, labels,
// annotations). Rebuilt from the catalog in the background, so the
// deployments across the portal can be filtered, permissions included, in
// the database query itself.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('argo_pulse_entities', table => {
    table.comment(
      'Catalog entities with Argo CD annotations, as last read from the catalog',
    );
    table.string('entity_ref', 512).primary();
    table.string('kind', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('name', 255).notNullable();
    table
      .string('system', 512)
      .nullable()
      .comment('The system it is part of, as an entity ref');
    table.index(['kind'], 'argo_pulse_entities_kind_idx');
    table.index(['system'], 'argo_pulse_entities_system_idx');
  });
  await knex.schema.createTable('argo_pulse_entity_applications', table => {
    table.comment('The applications each entity annotation selects');
    table.string('entity_ref', 512).notNullable();
    table.string('instance', 255).notNullable();
    table.string('app_namespace', 255).notNullable();
    table.string('application', 255).notNullable();
    table.primary(['entity_ref', 'instance', 'app_namespace', 'application']);
    table.index(
      ['instance', 'app_namespace', 'application'],
      'argo_pulse_entity_applications_app_idx',
    );
  });
  await knex.schema.createTable('argo_pulse_entity_facts', table => {
    table.comment(
      'What permission conditions and filters ask of an entity: its owners, labels and annotations',
    );
    table.string('entity_ref', 512).notNullable();
    table
      .string('type', 16)
      .notNullable()
      .comment('owner, label or annotation');
    table
      .string('key', 255)
      .notNullable()
      .comment('the label or annotation key; empty for owner');
    table.text('value').notNullable();
    // Conditions and filters ask "has this entity such a fact?": one lookup per entity.
    table.index(
      ['entity_ref', 'type', 'key'],
      'argo_pulse_entity_facts_lookup_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('argo_pulse_entity_facts');
  await knex.schema.dropTable('argo_pulse_entity_applications');
  await knex.schema.dropTable('argo_pulse_entities');
};
