// An SSO proxy in front of Argo CD: it answers the API with a redirect to another host, or with
// its HTML login page. The backend (its own process) never follows a redirect, so neither the
// token nor the password leaves for a host that is not the configured one; it says what it met
// in words; and it recovers once the proxy lets the API through.
import type { RunningSimulator } from '@argo-pulse/argocd-simulator';
import {
  gitApp,
  startTestSimulator,
  TEST_TOKEN,
  TEST_USER,
  testInstance,
} from '@argo-pulse/argocd-simulator/testing';
import { waitFor } from '@argo-pulse/test-support';
import { createServer, IncomingMessage, Server } from 'node:http';
import {
  BackendProcess,
  CI_TOKEN,
  databaseKinds,
  FaultDatabase,
  startBackend,
  stopAllBackends,
} from './backendProcess';
import {
  clearFaultsAndRecover,
  instanceStatus,
  instanceStatuses,
  isAfter,
} from './instanceStatuses';
import { everythingFrom, expectNoSecrets } from './secretsSweep';

const INTERVAL_MS = 1000;
const RECOVERY_MS = 10_000;

/** Another host, as the SSO proxy's login would be: it records every request that reaches it. */
async function startRecordingHost(): Promise<{
  url: string;
  requests: Array<{
    method: string;
    url: string;
    headers: IncomingMessage['headers'];
    body: string;
  }>;
  close: () => Promise<void>;
}> {
  const requests: Array<{
    method: string;
    url: string;
    headers: IncomingMessage['headers'];
    body: string;
  }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
      });
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end('{"token":"stolen"}');
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise(r => server.close(() => r())),
  };
}

describe.each(databaseKinds)(
  'an SSO proxy in front of Argo CD, backend on %s',
  (_name, createDatabase) => {
    let simulator: RunningSimulator;
    let elsewhere: Awaited<ReturnType<typeof startRecordingHost>>;
    let database: FaultDatabase;
    let backend: BackendProcess;

    beforeAll(async () => {
      elsewhere = await startRecordingHost();
      simulator = await startTestSimulator({
        instances: [
          testInstance('with-token', [gitApp('t-1')]),
          testInstance('with-login', [gitApp('l-1')]),
          testInstance('login-behind-sso', [gitApp('s-1')]),
        ],
      });
      // Behind the proxy from the start: the backend's very first request there is the login.
      simulator
        .instance('login-behind-sso')
        .faults.set({ redirectTo: elsewhere.url });
      database = await createDatabase();
      backend = await startBackend(database, {
        instances: [
          {
            name: 'with-token',
            url: simulator.instanceUrl('with-token'),
            token: TEST_TOKEN,
          },
          {
            name: 'with-login',
            url: simulator.instanceUrl('with-login'),
            username: TEST_USER.username,
            password: TEST_USER.password,
          },
          {
            name: 'login-behind-sso',
            url: simulator.instanceUrl('login-behind-sso'),
            username: TEST_USER.username,
            password: TEST_USER.password,
          },
        ],
        polling: {
          frequency: { milliseconds: INTERVAL_MS },
          timeout: { seconds: 4 },
          requestTimeout: { seconds: 1 },
        },
      });
      await waitFor(
        'a first poll of the instances in the open',
        async () =>
          (await statuses()).filter(s => s.lastSuccessAt && !s.error).length ===
          2,
        30_000,
      );
    }, 90_000);

    afterAll(async () => {
      await stopAllBackends();
      await simulator?.close();
      await elsewhere?.close();
      await database?.dispose();
    });

    afterEach(() => {
      for (const name of ['with-token', 'with-login']) {
        simulator.instance(name).faults.clear();
        simulator.instance(name).sessions.restore();
      }
    });

    const statuses = () => instanceStatuses(backend);
    const status = (name: string) => instanceStatus(backend, name);

    async function showsError(name: string, since: number): Promise<string> {
      await waitFor(
        `${name} to show the proxy`,
        async () => {
          const s = await status(name);
          return isAfter(s.error?.at, since);
        },
        RECOVERY_MS,
      );
      return (await status(name)).error!.message;
    }

    const recovers = (name: string) =>
      clearFaultsAndRecover({
        backend,
        simulator,
        name,
        withinMs: RECOVERY_MS,
      });

    it.each([307, 308, 302] as const)(
      'a %s to another host: not followed, neither the token nor the login (its password) reaches it, and it is said in words',
      async redirectStatus => {
        const since = Date.now();
        const before = elsewhere.requests.length;
        for (const name of ['with-token', 'with-login'])
          simulator
            .instance(name)
            .faults.set({ redirectTo: elsewhere.url, redirectStatus });
        const host = new URL(elsewhere.url).host;
        for (const name of ['with-token', 'with-login']) {
          expect(await showsError(name, since)).toBe(
            `Argo CD answered with a redirect to ${host}: is an SSO proxy in front of the API?`,
          );
        }
        expect(elsewhere.requests.slice(before)).toEqual([]);
        await recovers('with-token');
        await recovers('with-login');
        expectNoSecrets(everythingFrom(backend), [
          TEST_TOKEN,
          TEST_USER.password,
          CI_TOKEN,
        ]);
      },
    );

    it('the login (its POST carries the password) meets the redirect and is not followed', async () => {
      const host = new URL(elsewhere.url).host;
      expect(await showsError('login-behind-sso', 0)).toBe(
        `Argo CD answered with a redirect to ${host}: is an SSO proxy in front of the API?`,
      );
      expect(backend.log()).toContain(
        `"login-behind-sso": POST /api/v1/session: answered 307 with a redirect to ${host}`,
      );
      expect(elsewhere.requests).toEqual([]);
      expectNoSecrets(everythingFrom(backend), [
        TEST_TOKEN,
        TEST_USER.password,
        CI_TOKEN,
      ]);
    });

    it('an HTML login page instead of the API: said to be a page, not Argo CD, and recovered after', async () => {
      const since = Date.now();
      simulator.instance('with-token').faults.set({ htmlLoginPage: true });
      expect(await showsError('with-token', since)).toBe(
        "an HTML page, not Argo CD's API (a login page?)",
      );
      await recovers('with-token');
    });
  },
);
