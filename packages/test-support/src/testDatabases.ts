import { TestDatabases } from '@backstage/backend-test-utils';

/**
 * Store tests run on SQLite and on a real PostgreSQL 15. The connection
 * defaults to this machine's server (127.0.0.1:5432, trust auth); CI sets it
 * explicitly. If PostgreSQL is down the PostgreSQL cases fail: they never
 * pass silently. Ids are always given: without them, Backstage would try to
 * start every engine in Docker.
 */
export function createTestDatabases(): TestDatabases {
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??= 'postgresql://postgres@127.0.0.1:5432';
  return TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
}
