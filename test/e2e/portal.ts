// Starts the demo portal for the end-to-end test: the Argo CD simulator in this process, the
// real backend (packages/backend) as a child process serving the built app, on free ports.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import {
  loadScenarioFile,
  RunningSimulator,
  startSimulator,
} from '@argo-pulse/argocd-simulator';
import { freePort, waitFor } from '@argo-pulse/test-support';

export const ROOT = resolve(__dirname, '../..');
export const CI_TOKEN = 'e2e-ci-token-0123456789';

/** Builds the app (`npm run build:app`), so the test never runs a stale build. */
export function buildApp(): void {
  const result = spawnSync('npx', ['backstage-cli', 'package', 'build'], {
    cwd: join(ROOT, 'packages/app'),
    stdio: 'inherit',
  });
  if (result.status !== 0)
    throw new Error(`building packages/app failed (exit ${result.status})`);
}

export interface Portal {
  url: string;
  simulator: RunningSimulator;
  backendLog: () => string;
  stop: () => Promise<void>;
}

/** The demo scenario, the backend on a free port with a temporary database, and the built app. */
export async function startPortal(): Promise<Portal> {
  const scenario = await loadScenarioFile(
    join(ROOT, 'packages/argocd-simulator/scenarios/demo.yaml'),
  );
  const simulator = await startSimulator({
    scenario,
    port: 0,
    loginFailureDelayMs: 0,
  });
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'argo-pulse-e2e-'));
  const config = {
    app: { baseUrl: url },
    backend: {
      baseUrl: url,
      listen: { port },
      cors: { origin: url },
      database: {
        client: 'better-sqlite3',
        connection: { directory: join(dir, 'data') },
      },
      auth: {
        externalAccess: [
          { type: 'static', options: { token: CI_TOKEN, subject: 'e2e-ci' } },
        ],
      },
    },
    argoPulse: {
      instances: scenario.instances.map(i =>
        i.name === 'prod'
          ? {
              name: i.name,
              url: simulator.instanceUrl(i.name),
              username: 'admin',
              password: 'demo-admin-password',
            }
          : {
              name: i.name,
              url: simulator.instanceUrl(i.name),
              token: i.auth.tokens[0],
            },
      ),
      polling: { frequency: { seconds: 1 } },
      // A degraded rollout is settled within seconds, not after the default two minutes.
      expectations: { degradedGrace: { seconds: 3 } },
    },
  };
  writeFileSync(join(dir, 'app-config.e2e.yaml'), stringify(config));
  let log = '';
  const backend: ChildProcess = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      join(dir, 'app-config.e2e.yaml'),
    ],
    {
      cwd: join(ROOT, 'packages/backend'),
      env: { ...process.env, NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  backend.stdout!.on('data', chunk => (log += chunk));
  backend.stderr!.on('data', chunk => (log += chunk));
  const stop = async () => {
    backend.kill('SIGTERM');
    await new Promise(r => setTimeout(r, 500));
    await simulator.close();
  };
  try {
    await waitFor(
      'the catalog serving payments-api',
      async () =>
        (
          await fetch(
            `${url}/api/catalog/entities/by-name/component/default/payments-api`,
            { headers: { Authorization: `Bearer ${CI_TOKEN}` } },
          )
        ).ok,
      120_000,
    );
    await waitFor(
      'a first poll of every instance',
      async () => {
        const body = (await (
          await fetch(`${url}/api/argo-pulse/instances`, {
            headers: { Authorization: `Bearer ${CI_TOKEN}` },
          })
        ).json()) as { instances: Array<{ lastSuccessAt?: string }> };
        return body.instances.every(i => i.lastSuccessAt);
      },
      60_000,
    );
  } catch (error) {
    await stop();
    throw new Error(
      `${(error as Error).message}\n--- backend log ---\n${log.slice(-4000)}`,
    );
  }
  return { url, simulator, backendLog: () => log, stop };
}
