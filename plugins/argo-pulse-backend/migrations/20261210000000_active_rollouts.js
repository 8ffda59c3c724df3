// @ts-check
// Released migrations are never edited: add a new file instead.
//
// Whether an application's Argo Rollouts Rollout is still moving (a canary
// stepping or paused, a blue-green preview): its steps, weights and pauses
// change without the application list changing, so the detail reader reads
// such applications again on each run until the Rollout completes or aborts.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('argo_pulse_applications', table => {
    table
      .boolean('rollout_active')
      .notNullable()
      .defaultTo(false)
      .comment('A Rollout of the application is progressing or paused');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('argo_pulse_applications', table => {
    table.dropColumn('rollout_active');
  });
};
