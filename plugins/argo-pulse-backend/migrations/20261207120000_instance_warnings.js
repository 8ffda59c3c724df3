// @ts-check
// Released migrations are never edited: add a new file instead.
//
// Two problems that do not stop polling are shown on the instances page
// beside its status: an Argo CD (or a proxy) that ignored the list's `fields`
// projection, so each poll transfers whole applications; and an event stream
// that went silent (no event and no keepalive), so it was dropped and opened
// again. Each is kept with when it was seen, and cleared once it no longer holds.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('argo_pulse_instances', table => {
    table
      .text('list_warning')
      .nullable()
      .comment(
        'Why the last list was heavier than asked (Argo CD ignored fields)',
      );
    table.string('list_warning_at', 30).nullable();
    table
      .text('stream_warning')
      .nullable()
      .comment('Why the event stream was last dropped, until it works again');
    table.string('stream_warning_at', 30).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('argo_pulse_instances', table => {
    table.dropColumn('list_warning');
    table.dropColumn('list_warning_at');
    table.dropColumn('stream_warning');
    table.dropColumn('stream_warning_at');
  });
};
