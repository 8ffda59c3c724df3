// The README followed word for word in an app from today's create-app, with
// Yarn 4, on Node.js 22 or 24: the install, the backend line, the example
// entity, the configuration; then the app type-checks and its own backend
// serves the entity's Argo CD overview, polled from the simulator.
import { inject } from 'vitest';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSimulator } from '@argo-pulse/argocd-simulator';
import {
  gitApp,
  startTestSimulator,
  TEST_TOKEN,
  testInstance,
} from '@argo-pulse/argocd-simulator/testing';
import { freePort, waitFor } from '@argo-pulse/test-support';
import {
  addReadmeBackendLine,
  addReadmeEntity,
  runReadmeYarnSteps,
  ScaffoldedApp,
  scaffoldApp,
  writeLocalConfig,
} from './scaffoldApp';
import { syncedAndHealthy } from './overview';

const CI_TOKEN = 'scaffold-ci-token-0123456789';

let simulator: RunningSimulator;
let app: ScaffoldedApp;
let entityName: string;
let installLog: string;
let backend:
  | { url: string; log: () => string; stop: () => Promise<void> }
  | undefined;

beforeAll(async () => {
  // The README's example entity names instance prod-eu and application payments-api-prod.
  simulator = await startTestSimulator({
    instances: [
      testInstance('prod-eu', [
        gitApp('payments-api-prod', {
          images: ['ghcr.io/acme/payments-api:1.4.2'],
        }),
      ]),
    ],
  });
  app = await scaffoldApp(inject('tarballs'));
  installLog = await runReadmeYarnSteps(app);
  addReadmeBackendLine(app);
  entityName = addReadmeEntity(app);
}, 1_200_000);

afterAll(async () => {
  await backend?.stop();
  await simulator?.close();
  app?.remove();
});

async function startBackend(
  port: number,
): Promise<NonNullable<typeof backend>> {
  let log = '';
  // A process group of its own: yarn starts backstage-cli, which starts the backend.
  const child: ChildProcess = spawn('yarn', ['workspace', 'backend', 'start'], {
    cwd: app.dir,
    env: {
      ...app.env,
      ARGOCD_PROD_EU_TOKEN: TEST_TOKEN,
      ARGO_PULSE_CI_TOKEN: CI_TOKEN,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout!.on('data', chunk => (log += chunk));
  child.stderr!.on('data', chunk => (log += chunk));
  const exited = new Promise<void>(r => child.on('exit', () => r()));
  const stop = async () => {
    if (child.exitCode !== null) return;
    process.kill(-child.pid!, 'SIGTERM');
    await Promise.race([exited, new Promise(r => setTimeout(r, 10_000))]);
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
  };
  return { url: `http://localhost:${port}`, log: () => log, stop };
}

// Steps on one app (install, type check, start): its tests run in order.
describe(
  // eslint-disable-next-line jest/valid-describe-callback -- vitest's options argument
  'the README in an app from create-app, with Yarn 4',
  { shuffle: false },
  () => {
    it(`installs our packages from vendor/ alone: every @argo-pulse resolution in yarn.lock is a file, and -common is one copy`, () => {
      expect(installLog).not.toMatch(/YN0001|YN0035/); // Yarn's error codes: an exception, a package not found
      const lock = readFileSync(join(app.dir, 'yarn.lock'), 'utf8');
      const ours = [
        ...lock.matchAll(/^ {2}resolution: "(@argo-pulse\/[^"]+)"$/gm),
      ].map(m => m[1]);
      expect(ours.map(r => r.split('@file:')[0]).sort()).toEqual([
        '@argo-pulse/backstage-plugin',
        '@argo-pulse/backstage-plugin-backend',
        '@argo-pulse/backstage-plugin-common',
      ]);
      for (const resolution of ours)
        expect(resolution).toMatch(/^@argo-pulse\/[a-z-]+@file:/);
      const copies = [
        'node_modules',
        'packages/backend/node_modules',
        'packages/app/node_modules',
      ].filter(folder =>
        existsSync(
          join(
            app.dir,
            folder,
            '@argo-pulse/backstage-plugin-common/package.json',
          ),
        ),
      );
      expect(copies).toEqual(['node_modules']);
    });

    it('type-checks with the app’s own `yarn tsc`', async () => {
      await app.yarn(['tsc']);
    }, 600_000);

    it("starts the app's backend, which serves the README entity's overview polled from Argo CD", async () => {
      const port = await freePort();
      writeLocalConfig(app, {
        argoCdUrl: simulator.instanceUrl('prod-eu'),
        port,
      });
      backend = await startBackend(port);
      const overview = async () => {
        const response = await fetch(
          `${
            backend!.url
          }/api/argo-pulse/entities/component/default/${entityName}/applications`,
          { headers: { Authorization: `Bearer ${CI_TOKEN}` } },
        );
        return {
          status: response.status,
          body: (await response.json().catch(() => undefined)) as any,
        };
      };
      try {
        await waitFor(
          'the backend to serve the entity with its application',
          async () => (await overview()).body?.applications?.length === 1,
          240_000,
        );
      } catch (error) {
        throw new Error(
          `${(error as Error).message}\n--- backend log ---\n${backend
            .log()
            .slice(-6000)}`,
        );
      }
      const { status, body } = await overview();
      expect(status).toBe(200);
      expect(body.applications).toEqual([
        syncedAndHealthy('payments-api-prod', 'prod-eu'),
      ]);
      expect(body.problem).toBeUndefined();
      expect(body.instances).toEqual([
        expect.objectContaining({ instance: 'prod-eu', stale: false }),
      ]);
    }, 300_000);

    it('discovers the frontend plugin: the app lists it, and its package says it is a frontend plugin (app.packages: all)', () => {
      const appPackage = JSON.parse(
        readFileSync(join(app.dir, 'packages/app/package.json'), 'utf8'),
      );
      expect(Object.keys(appPackage.dependencies)).toContain(
        '@argo-pulse/backstage-plugin',
      );
      const installed = JSON.parse(
        readFileSync(
          join(
            app.dir,
            'node_modules/@argo-pulse/backstage-plugin/package.json',
          ),
          'utf8',
        ),
      );
      expect(installed.backstage.role).toBe('frontend-plugin');
      expect(readFileSync(join(app.dir, 'app-config.yaml'), 'utf8')).toMatch(
        /^ {2}packages: all$/m,
      );
      expect(
        readdirSync(
          join(app.dir, 'node_modules/@argo-pulse/backstage-plugin/dist'),
        ).length,
      ).toBeGreaterThan(0);
    });
  },
);
