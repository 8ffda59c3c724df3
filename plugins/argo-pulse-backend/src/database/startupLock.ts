import type { Knex } from 'knex';

/** The PostgreSQL advisory lock Argo Pulse replicas take while they set up the database ("ARGP"). */
const STARTUP_LOCK_KEY = 0x41524750;

/**
 * Runs `work` while no other replica runs its own: on PostgreSQL, under a
 * transaction-level advisory lock (released when the work ends, or when the
 * process dies). Replicas that start together on a fresh database would
 * otherwise race to create the same tables: knex creates its migration
 * tables with a check-then-create, so one replica fails with "relation
 * already exists" (ours, and the Backstage scheduler's, which then stays
 * broken for the life of the process). SQLite has one process per file:
 * the work just runs.
 */
export async function withStartupLock<T>(
  client: Knex,
  work: () => Promise<T>,
): Promise<T> {
  if (!String(client.client.config.client).startsWith('pg')) return work();
  return client.transaction(async tx => {
    await tx.raw('select pg_advisory_xact_lock(?)', [STARTUP_LOCK_KEY]);
    return work();
  });
}
