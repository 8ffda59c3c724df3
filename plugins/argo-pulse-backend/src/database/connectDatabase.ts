import { DatabaseService, resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

const MIGRATIONS = resolvePackagePath('@argo-pulse/backstage-plugin-backend', 'migrations');

/**
 * The plugin's database client, migrated to the latest schema unless the
 * backend is configured to skip migrations. Safe to call more than once:
 * a second call finds nothing to migrate.
 */
export async function connectDatabase(database: DatabaseService): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip) {
    await client.migrate.latest({ directory: MIGRATIONS, tableName: 'argo_pulse_knex_migrations' });
  }
  return client;
}

/** Rows per statement: well under SQLite's bound-parameter limit. */
export const BATCH = 200;

/** Splits rows into statement-sized batches. */
export function chunks<T>(items: T[], size = BATCH): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
