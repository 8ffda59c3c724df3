// @ts-check
// Released migrations are never edited: add a new file instead.
//
// Deployments were unique on Argo CD's history id, which restarts when an
// application is re-created: new deployments overwrote old rows. From here a
// row is identified by what happened (`event_key`, see deploymentIdentity.ts),
// and rows for failed operations (which have no history id) can be stored.
// Every existing row is kept and keyed.

const { createHash } = require('node:crypto');

/** The key deploymentEventKey gives a history entry: keep the two in step. */
function historyEventKey(row) {
  const revisions = JSON.parse(row.revisions);
  const parts = [
    'history',
    String(row.history_id),
    row.finished_at,
    revisions.join(','),
  ];
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('argo_pulse_deployments', table => {
    table
      .string('event_key', 64)
      .nullable()
      .comment('What happened, hashed: the row identity (deploymentEventKey)');
  });
  for (let lastId = 0; ; ) {
    const rows = await knex('argo_pulse_deployments')
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(500)
      .select('id', 'history_id', 'finished_at', 'revisions');
    if (rows.length === 0) break;
    for (const row of rows) {
      await knex('argo_pulse_deployments')
        .where({ id: row.id })
        .update({ event_key: historyEventKey(row) });
    }
    lastId = Number(rows[rows.length - 1].id);
  }
  await knex.schema.alterTable('argo_pulse_deployments', table => {
    table.dropUnique([], 'argo_pulse_deployments_history_uq');
    table.unique(['instance', 'namespace', 'application', 'event_key'], {
      indexName: 'argo_pulse_deployments_event_uq',
    });
    table.bigInteger('history_id').nullable().alter();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex('argo_pulse_deployments').whereNull('history_id').delete();
  await knex.schema.alterTable('argo_pulse_deployments', table => {
    table.dropUnique([], 'argo_pulse_deployments_event_uq');
    table.dropColumn('event_key');
    table.bigInteger('history_id').notNullable().alter();
  });
};
