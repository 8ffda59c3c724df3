// A backend killed in the middle of a poll, and started again: how long until the instance is
// polled again. Used by the restart test (which asserts it) and by the benchmark (which prints it).
import { startTestSimulator, TEST_TOKEN, testInstance } from '@argo-pulse/argocd-simulator/testing';
import { freePort, waitFor } from '@argo-pulse/test-support';
import knex from 'knex';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';

const POSTGRES = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ?? 'postgresql://postgres@127.0.0.1:5432';
const LIST = 'GET /api/v1/applications';

/** Seconds from the restarted backend answering to its first list request. */
export async function measureRestart(options: { intervalSeconds: number }): Promise<number> {
  const simulator = await startTestSimulator({ instances: [testInstance('prod', [])] });
  simulator.instance('prod').generateApplications({ count: 50, prefix: 'svc' });
  const database = `argo_pulse_restart_${process.pid}_${Date.now()}`;
  const admin = knex({ client: 'pg', connection: POSTGRES });
  await admin.raw(`CREATE DATABASE ${database}`);
  const children: ChildProcess[] = [];

  async function startBackend(): Promise<ChildProcess> {
    const port = await freePort();
    const postgres = new URL(POSTGRES);
    const config = {
      backend: {
        baseUrl: `http://localhost:${port}`,
        listen: { port },
        database: {
          client: 'pg',
          pluginDivisionMode: 'schema',
          connection: { host: postgres.hostname, port: Number(postgres.port || 5432), user: decodeURIComponent(postgres.username), database },
        },
      },
      argoPulse: {
        instances: [{ name: 'prod', url: simulator.instanceUrl('prod'), token: TEST_TOKEN }],
        polling: { frequency: { seconds: options.intervalSeconds } },
      },
    };
    const file = join(mkdtempSync(join(tmpdir(), 'argo-pulse-restart-')), 'app-config.yaml');
    writeFileSync(file, stringify(config));
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, 'pollingBackend.ts'), '--config', file], {
      env: { ...process.env, NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let log = '';
    child.stdout!.on('data', chunk => (log += chunk));
    child.stderr!.on('data', chunk => (log += chunk));
    const url = `http://localhost:${port}`;
    await waitFor('the backend to answer', async () => (await fetch(`${url}/api/argo-pulse/health`)).ok, 60_000).catch(error => {
      throw new Error(`${error.message}\n${log.slice(-3000)}`);
    });
    return child;
  }

  const lists = () => simulator.instance('prod').counters.snapshot().endpoints[LIST]?.requests ?? 0;
  try {
    // Every answer takes 2 s: a poll is in the middle of its list when the backend is killed.
    await simulator.instance('prod').faults.set({ latencyMs: 2000 });
    const first = await startBackend();
    await waitFor('the first poll to start', async () => lists() >= 1, 30_000);
    first.kill('SIGKILL');
    await new Promise(r => first.once('exit', r));
    simulator.instance('prod').counters.reset();

    await startBackend();
    const up = Date.now();
    await waitFor('the restarted backend to poll', async () => lists() >= 1, 120_000);
    return (Date.now() - up) / 1000;
  } finally {
    children.forEach(child => child.kill('SIGKILL'));
    await simulator.close();
    await admin.raw(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.destroy();
  }
}
