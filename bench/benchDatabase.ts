// A database of its own for a benchmark: a temporary SQLite file, or a fresh PostgreSQL
// database that `drop` removes.
import knexFactory, { Knex } from 'knex';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const POSTGRES = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ?? 'postgresql://postgres@127.0.0.1:5432';

export async function benchDatabase(kind: string): Promise<{ knex: Knex; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const file = join(mkdtempSync(join(tmpdir(), 'argo-pulse-bench-db-')), 'argo-pulse.sqlite');
    const knex = knexFactory({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true });
    return { knex, drop: () => knex.destroy() };
  }
  const name = `argo_pulse_bench_${Date.now()}_${process.pid}`;
  const admin = knexFactory({ client: 'pg', connection: POSTGRES });
  await admin.raw(`CREATE DATABASE ${name}`);
  const knex = knexFactory({ client: 'pg', connection: `${POSTGRES.replace(/\/$/, '')}/${name}`, pool: { min: 0, max: 10 } });
  return {
    knex,
    drop: async () => {
      await knex.destroy();
      await admin.raw(`DROP DATABASE ${name}`);
      await admin.destroy();
    },
  };
}
