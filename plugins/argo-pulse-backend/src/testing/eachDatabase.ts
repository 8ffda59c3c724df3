import type { DatabaseService } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@argo-pulse/test-support';
import type { Knex } from 'knex';

/** One of the databases a block of describeOnEachDatabase runs on. */
export interface TestDatabase {
  databases: TestDatabases;
  databaseId: Parameters<TestDatabases['init']>[0];
  /** A new, empty database of this kind. */
  knex(): Promise<Knex>;
  /** A new, empty database of this kind, as the plugin's database service. */
  service(): Promise<DatabaseService>;
}

/**
 * `describe.each` over the databases the plugin supports (SQLite and
 * PostgreSQL): `%s` in the title is the database's id.
 */
export function describeOnEachDatabase(
  title: string,
  tests: (database: TestDatabase) => void,
): void {
  const databases = createTestDatabases();
  describe.each(databases.eachSupportedId())(title, databaseId => {
    const knex = () => databases.init(databaseId);
    tests({
      databases,
      databaseId,
      knex,
      service: async () => mockServices.database({ knex: await knex() }),
    });
  });
}
