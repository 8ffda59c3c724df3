// Real Argo Pulse backends as child processes for the fault suite: on SQLite (a file, so a
// restart keeps it) or on a PostgreSQL database of their own, listening on a port they bind
// themselves. Every response body the suite reads and every log line is kept, for the secrets
// sweep.
import { postgresConnectionString, waitFor } from '@argo-pulse/test-support';
import knex, { Knex } from 'knex';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { LISTENING_MARKER } from './listeningMarker';

/** The static token CI uses against every fault backend (Backstage external access). */
export const CI_TOKEN = 'fault-suite-ci-token-7f3a9c';

/** Where a backend keeps its data; `dispose` removes it. */
export interface FaultDatabase {
  name: 'SQLite' | 'PostgreSQL';
  config: Record<string, unknown>;
  /** A connection to the plugin's own tables, for what no route shows; destroy it after use. */
  connect: () => Knex;
  dispose: () => Promise<void>;
}

/** A SQLite directory of its own. */
export async function sqliteDatabase(): Promise<FaultDatabase> {
  const directory = mkdtempSync(join(tmpdir(), 'argo-pulse-faults-sqlite-'));
  return {
    name: 'SQLite',
    config: { client: 'better-sqlite3', connection: { directory } },
    // Backstage keeps each plugin's SQLite database in a file named after the plugin.
    connect: () =>
      knex({
        client: 'better-sqlite3',
        connection: { filename: join(directory, 'argo-pulse.sqlite') },
        useNullAsDefault: true,
      }),
    dispose: async () => {},
  };
}

/**
 * A PostgreSQL database of its own, dropped by `dispose`. With `schemaCreated`, the plugin's
 * schema is there already, as after a first start: Backstage creates it with `CREATE SCHEMA IF
 * NOT EXISTS`, which PostgreSQL does not guard against two sessions at once, so two processes
 * starting together on a database that has none can fail one of them before any plugin code runs.
 */
export async function postgresDatabase(
  options: { schemaCreated?: boolean } = {},
): Promise<FaultDatabase> {
  const database = `argo_pulse_faults_${process.pid}_${Date.now()}_${Math.floor(
    Math.random() * 1e6,
  )}`;
  const admin = knex({ client: 'pg', connection: postgresConnectionString() });
  await admin.raw(`CREATE DATABASE ${database}`);
  if (options.schemaCreated) {
    const url = new URL(postgresConnectionString());
    url.pathname = `/${database}`;
    const db = knex({ client: 'pg', connection: url.toString() });
    await db.raw('CREATE SCHEMA "argo-pulse"');
    await db.destroy();
  }
  const postgres = new URL(postgresConnectionString());
  const connection = {
    host: postgres.hostname,
    port: Number(postgres.port || 5432),
    user: decodeURIComponent(postgres.username),
    password: decodeURIComponent(postgres.password),
    database,
  };
  return {
    name: 'PostgreSQL',
    config: { client: 'pg', pluginDivisionMode: 'schema', connection },
    // With one schema per plugin, the plugin's tables are in the schema named after it.
    connect: () =>
      knex({ client: 'pg', connection, searchPath: ['argo-pulse'] }),
    dispose: async () => {
      await admin.raw(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

export const databaseKinds: Array<[string, () => Promise<FaultDatabase>]> = [
  ['SQLite', sqliteDatabase],
  ['PostgreSQL', postgresDatabase],
];

export interface CallResult {
  status: number;
  text: string;
  body: any;
}

export interface BackendProcess {
  url: string;
  /** Everything the process wrote, so far. */
  log: () => string;
  /** Every response body read through `call`, so far. */
  responses: () => string[];
  /** Calls the plugin's API (`/api/argo-pulse` + path) with the CI token; a string body is sent as it is. */
  call: (
    path: string,
    init?: { method?: string; body?: unknown; contentType?: string },
  ) => Promise<CallResult>;
  kill: (signal: NodeJS.Signals) => Promise<void>;
}

/** Writes a config file and spawns a backend with it; answers when it exits (with its output). */
export function spawnBackend(
  database: FaultDatabase,
  argoPulse: Record<string, unknown>,
) {
  const config = {
    backend: {
      baseUrl: 'http://localhost',
      listen: { port: 0 },
      database: database.config,
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: CI_TOKEN, subject: 'fault-suite-ci' },
          },
        ],
      },
    },
    argoPulse,
  };
  const file = join(
    mkdtempSync(join(tmpdir(), 'argo-pulse-faults-')),
    'app-config.yaml',
  );
  writeFileSync(file, stringify(config));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      resolve(__dirname, 'faultBackend.ts'),
      '--config',
      file,
    ],
    {
      env: { ...process.env, NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout!.on('data', chunk => (log += chunk));
  child.stderr!.on('data', chunk => (log += chunk));
  const exited = new Promise<number | null>(r =>
    child.once('exit', code => r(code)),
  );
  return { child, log: () => log, exited };
}

const running = new Set<ChildProcess>();

/** A backend that answers; it is killed by `stopAllBackends` if the test does not kill it. */
export async function startBackend(
  database: FaultDatabase,
  argoPulse: Record<string, unknown>,
): Promise<BackendProcess> {
  const { child, log, exited } = spawnBackend(database, argoPulse);
  running.add(child);
  exited.then(() => running.delete(child));
  let url = '';
  await waitFor(
    'the backend to answer',
    async () => {
      if (child.exitCode !== null) throw new Error('exited');
      const port = new RegExp(`${LISTENING_MARKER} (\\d+)`).exec(log())?.[1];
      if (!port) return false;
      url = `http://localhost:${port}`;
      return (await fetch(`${url}/api/argo-pulse/health`)).ok;
    },
    60_000,
  ).catch(error => {
    throw new Error(
      `${error.message} (exit code ${child.exitCode})\n${log().slice(-3000)}`,
    );
  });
  const responses: string[] = [];
  return {
    url,
    log,
    responses: () => [...responses],
    call: async (path, init = {}) => {
      const body =
        init.body === undefined
          ? undefined
          : typeof init.body === 'string'
          ? init.body
          : JSON.stringify(init.body);
      const response = await fetch(`${url}/api/argo-pulse${path}`, {
        method: init.method ?? (body === undefined ? 'GET' : 'POST'),
        headers: {
          Authorization: `Bearer ${CI_TOKEN}`,
          ...(body === undefined
            ? {}
            : { 'Content-Type': init.contentType ?? 'application/json' }),
        },
        body,
      });
      const text = await response.text();
      responses.push(text);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: response.status, text, body: parsed };
    },
    kill: async signal => {
      child.kill(signal);
      await exited;
    },
  };
}

/** How many times a log announces that an expectation resolved (each announcement is also its publication). */
export function resolutionsAnnounced(log: string, id: string): number {
  return log.split('\n').filter(line => line.includes(`Expectation ${id} is `))
    .length;
}

/** Kills what a test left running (afterEach). */
export async function stopAllBackends(): Promise<void> {
  await Promise.all(
    [...running].map(child => {
      const gone = new Promise(r => child.once('exit', r));
      child.kill('SIGKILL');
      return gone;
    }),
  );
}
