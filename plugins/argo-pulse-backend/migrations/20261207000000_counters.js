// @ts-check
// Released migrations are never edited: add a new file instead.
//
// Counters the replicas share, one row each:
// - `expectations`: which of two posts is the newer is decided by the
//   database, not by the replicas' clocks. Each expectation takes the next
//   number in the transaction that stores it; updating the row locks it until
//   the transaction ends, so posts are stored one after another on every
//   replica, each seeing all that came before it (and superseding it).
//   Expectations stored before this migration have no number: they are older
//   than any that has one.
// - `applications`: counts writes of applications' names, labels and
//   projects, so a replica can keep what page views match selectors against
//   in memory, and read it again only when another write came.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('argo_pulse_counters', table => {
    table.comment('Counters the replicas share, one row each');
    table.string('name', 64).primary();
    table.bigInteger('value').notNullable();
  });
  await knex('argo_pulse_counters').insert([
    { name: 'expectations', value: 0 },
    { name: 'applications', value: 0 },
  ]);
  await knex.schema.alterTable('argo_pulse_expectations', table => {
    table
      .bigInteger('sequence')
      .nullable()
      .comment('Order of storing, from the expectations counter');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('argo_pulse_expectations', table => {
    table.dropColumn('sequence');
  });
  await knex.schema.dropTable('argo_pulse_counters');
};
