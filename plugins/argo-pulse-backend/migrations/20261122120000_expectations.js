// @ts-check
// Released migrations are never edited: add a new file instead.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('argo_pulse_expectations', table => {
    table.comment('Image versions CI expects to run, and the verdict on each');
    table.string('id', 36).primary().comment('UUID');
    table
      .string('entity_ref', 255)
      .nullable()
      .comment('Absent when posted for one application alone');
    table
      .text('images')
      .notNullable()
      .comment('JSON array of normalized image references');
    table
      .string('state', 16)
      .notNullable()
      .comment('pending, deployed, failed, superseded or cancelled');
    table.string('reason', 40).nullable().comment('Why it failed');
    table.text('message').nullable();
    table
      .text('waiting_for')
      .nullable()
      .comment('JSON array: what a pending expectation still waits for');
    table.string('created_at', 30).notNullable();
    table.string('deadline_at', 30).notNullable();
    table.string('resolved_at', 30).nullable();
    table
      .string('next_check_at', 30)
      .nullable()
      .comment('When a pending one must be evaluated even if nothing changes');
    table.string('revision', 255).nullable();
    table.text('author').nullable();
    table.text('run_url').nullable();
    table.string('created_by', 255).nullable();
    table.string('superseded_by', 36).nullable();
    table
      .text('progress')
      .notNullable()
      .comment(
        'JSON: per target, when the new image appeared or the app went missing',
      );
    table
      .text('observed')
      .nullable()
      .comment('JSON: the applications as they were at resolution');
    table
      .text('deployments')
      .nullable()
      .comment('JSON: the history entries that fulfilled it');
    table
      .string('idempotency_key', 800)
      .nullable()
      .unique({ indexName: 'argo_pulse_expectations_idempotency_uq' })
      .comment(
        "The caller's Idempotency-Key, prefixed with who the caller is: keys are per caller",
      );
    table.string('request_hash', 64).nullable();
    table
      .text('compat')
      .nullable()
      .comment(
        "JSON: what a compatibility API was given that is not kept otherwise (argo-watcher's project and images as posted)",
      );
    table.index(['state', 'next_check_at'], 'argo_pulse_expectations_due_idx');
    table.index(
      ['entity_ref', 'created_at'],
      'argo_pulse_expectations_entity_idx',
    );
  });

  await knex.schema.createTable('argo_pulse_expectation_targets', table => {
    table.comment('The applications an expectation waits for');
    table
      .string('expectation_id', 36)
      .notNullable()
      .references('id')
      .inTable('argo_pulse_expectations')
      .onDelete('CASCADE');
    table.string('instance', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('application', 255).notNullable();
    table
      .integer('position')
      .notNullable()
      .comment('Order of the targets as resolved');
    table.primary(['expectation_id', 'instance', 'namespace', 'application']);
    table.index(
      ['instance', 'namespace', 'application'],
      'argo_pulse_expectation_targets_app_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('argo_pulse_expectation_targets');
  await knex.schema.dropTable('argo_pulse_expectations');
};
