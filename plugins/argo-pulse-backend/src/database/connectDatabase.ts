import {
  DatabaseService,
  LoggerService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { withStartupLock } from './startupLock';

const MIGRATIONS = resolvePackagePath(
  '@argo-pulse/backstage-plugin-backend',
  'migrations',
);

/** How long start-up waits for the database (down, or locked by another replica's migration) before it gives up. */
export const DATABASE_WAIT_MS = 5 * 60_000;

/** Failures that pass: the database not up yet, or another replica migrating at the same moment. */
function isPassing(error: unknown): boolean {
  const { name, code } = error as { name?: string; code?: string };
  return (
    name === 'MigrationLocked' ||
    name === 'KnexTimeoutError' ||
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ENOTFOUND',
      'EAI_AGAIN',
      'ETIMEDOUT',
      '57P03',
    ].includes(code ?? '')
  );
}

/**
 * The plugin's database client, migrated to the latest schema unless the
 * backend is configured to skip migrations. Safe to call more than once:
 * a second call finds nothing to migrate. A database that is down, or whose
 * migrations another replica holds locked, is waited for with backoff (1 s,
 * doubling to 30 s) for up to `waitMs`: the plugin, and so the backend's
 * readiness, comes up when the database does. Other failures end the start at once.
 * Replicas migrate one at a time (see `withStartupLock`).
 */
export async function connectDatabase(
  database: DatabaseService,
  options: {
    logger?: LoggerService;
    waitMs?: number;
    sleep?: (ms: number) => Promise<void>;
  } = {},
): Promise<Knex> {
  const waitMs = options.waitMs ?? DATABASE_WAIT_MS;
  const sleep =
    options.sleep ??
    (ms => new Promise<void>(resolve => setTimeout(resolve, ms)));
  const started = Date.now();
  for (let delayMs = 1000; ; delayMs = Math.min(delayMs * 2, 30_000)) {
    try {
      const client = await database.getClient();
      if (!database.migrations?.skip) {
        await withStartupLock(client, () =>
          client.migrate.latest({
            directory: MIGRATIONS,
            tableName: 'argo_pulse_knex_migrations',
          }),
        );
      }
      return client;
    } catch (error) {
      if (!isPassing(error) || Date.now() - started + delayMs > waitMs)
        throw error;
      options.logger?.warn(
        `The database is not ready (${
          (error as Error).message
        }); trying again in ${delayMs / 1000} s`,
      );
      await sleep(delayMs);
    }
  }
}
