// The Backstage services a benchmark hands the plugin's parts: a logger that keeps out of the
// printed figures, and a DatabaseService over the knex the benchmark made.
import type {
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

/** Errors only, and warnings too when asked. */
export function quietLogger(options: { warnings: boolean }): LoggerService {
  const logger: LoggerService = {
    error: message => console.error(message),
    warn: options.warnings ? message => console.error(message) : () => {},
    info: () => {},
    debug: () => {},
    child: () => logger,
  };
  return logger;
}

/** The plugin's database: the given knex. */
export const databaseService = (knex: Knex) =>
  ({ getClient: async () => knex } as DatabaseService);
