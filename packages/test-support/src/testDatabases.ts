import { TestDatabases } from '@backstage/backend-test-utils';
import { postgresConnectionString } from './embeddedPostgres';

/**
 * Store tests run on SQLite and on a real PostgreSQL 17: the server of
 * `npm test`'s global setup (embedded) or the one the variable names. If it
 * is unreachable the PostgreSQL cases fail: they never pass silently. Ids are
 * always given: without them, Backstage would try to start every engine in
 * Docker.
 */
export function createTestDatabases(): TestDatabases {
  postgresConnectionString();
  return TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_17'] });
}
