// @ts-check
// Released migrations are never edited: add a new file instead.
//
// A deployment's result is what happened to the application after the sync,
// not the sync's phase: progressing until it settles, then healthy (and how
// long that took) or degraded (and why); failed for a failed sync; superseded
// when a newer deployment came before it settled; unknown when it was never
// watched settling. A rollback names the earlier deployment it went back to.
//
// Rows stored before: failed operations failed; each application's newest
// history entry progressing (the next poll, or the sweep, settles it from the
// application as it is then); every older entry unknown.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('argo_pulse_deployments', table => {
    table
      .string('result', 16)
      .nullable()
      .comment('progressing, healthy, degraded, failed, superseded or unknown');
    table
      .text('result_reason')
      .nullable()
      .comment(
        'Why it is degraded (Argo CD words when result_reason_is_detail)',
      );
    table.boolean('result_reason_is_detail').notNullable().defaultTo(false);
    table.string('settled_at', 30).nullable();
    table
      .integer('healthy_after_seconds')
      .nullable()
      .comment(
        'From the sync finishing to Healthy, when watched from close to it',
      );
    table
      .string('rollback_of', 64)
      .nullable()
      .comment('event_key of the earlier deployment it went back to');
    table.index(['result', 'finished_at'], 'argo_pulse_deployments_result_idx');
  });
  await knex('argo_pulse_deployments')
    .whereNull('history_id')
    .update({ result: 'failed', settled_at: knex.ref('finished_at') });
  await knex('argo_pulse_deployments')
    .whereNotNull('history_id')
    .update({ result: 'unknown' });
  // Each application's newest history entry: the one no later entry follows.
  const newest = knex('argo_pulse_deployments as n')
    .select(knex.raw('1'))
    .where('n.instance', knex.ref('argo_pulse_deployments.instance'))
    .andWhere('n.namespace', knex.ref('argo_pulse_deployments.namespace'))
    .andWhere('n.application', knex.ref('argo_pulse_deployments.application'))
    .whereNotNull('n.history_id')
    .andWhere(q =>
      q
        .where(
          'n.finished_at',
          '>',
          knex.ref('argo_pulse_deployments.finished_at'),
        )
        .orWhere(same =>
          same
            .where(
              'n.finished_at',
              knex.ref('argo_pulse_deployments.finished_at'),
            )
            .andWhere(
              'n.history_id',
              '>',
              knex.ref('argo_pulse_deployments.history_id'),
            ),
        ),
    );
  await knex('argo_pulse_deployments')
    .whereNotNull('history_id')
    .whereNotExists(newest)
    .update({ result: 'progressing' });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('argo_pulse_deployments', table => {
    table.dropIndex(
      ['result', 'finished_at'],
      'argo_pulse_deployments_result_idx',
    );
    table.dropColumn('result');
    table.dropColumn('result_reason');
    table.dropColumn('result_reason_is_detail');
    table.dropColumn('settled_at');
    table.dropColumn('healthy_after_seconds');
    table.dropColumn('rollback_of');
  });
};
