// @ts-check
// Released migrations are never edited: add a new file instead.
//
// Which of two posts is the newer is decided by the database, not by the
// replicas' clocks: each expectation takes the next number of one counter
// row, in the transaction that stores it. Updating that row locks it until
// the transaction ends, so posts are stored one after another on every
// replica, each seeing all that came before it (and superseding it).
// Expectations stored before this migration have no number: they are older
// than any that has one.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('argo_pulse_expectation_sequence', table => {
    table.comment(
      'One counter row: the order in which expectations were stored',
    );
    table.string('name', 64).primary();
    table.bigInteger('last_value').notNullable();
  });
  await knex('argo_pulse_expectation_sequence').insert({
    name: 'expectations',
    last_value: 0,
  });
  await knex.schema.alterTable('argo_pulse_expectations', table => {
    table
      .bigInteger('sequence')
      .nullable()
      .comment('Order of storing, from argo_pulse_expectation_sequence');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('argo_pulse_expectations', table => {
    table.dropColumn('sequence');
  });
  await knex.schema.dropTable('argo_pulse_expectation_sequence');
};
