// An SSO proxy in front of Argo CD: it answers the API with a redirect to another host, or with
// its HTML login page. The backend (its own process) never follows a redirect, so neither the
// token nor the password leaves for a host that is not the configured one; it says what it met
// in words; and it recovers once the proxy lets the API through.
import { gitApp, testInstance } from '@argo-pulse/argocd-simulator/testing';
import { startRecordingHost, waitFor } from '@argo-pulse/test-support';
import { BackendProcess, startBackend } from './backendProcess';
import { describePerDatabase, FaultRig, startRig, stopRig } from './faultRig';
import {
  clearFaults,
  clearFaultsAndRecover,
  healthyInstances,
  instanceStatus,
  isAfter,
} from './instanceStatuses';
import { expectNoSuiteSecrets } from './secretsSweep';

const INTERVAL_MS = 1000;
const RECOVERY_MS = 10_000;

describePerDatabase('an SSO proxy in front of Argo CD', createDatabase => {
  let rig: FaultRig;
  let elsewhere: Awaited<ReturnType<typeof startRecordingHost>>;
  let backend: BackendProcess;

  beforeAll(async () => {
    // Another host, as the SSO proxy's login would be: it records every request that reaches it.
    elsewhere = await startRecordingHost('{"token":"stolen"}');
    rig = await startRig(
      [
        testInstance('with-token', [gitApp('t-1')]),
        testInstance('with-login', [gitApp('l-1')]),
        testInstance('login-behind-sso', [gitApp('s-1')]),
      ],
      createDatabase,
    );
    // Behind the proxy from the start: the backend's very first request there is the login.
    rig.simulator
      .instance('login-behind-sso')
      .faults.set({ redirectTo: elsewhere.url });
    backend = await startBackend(rig.database, {
      instances: [
        rig.byToken('with-token'),
        rig.byLogin('with-login'),
        rig.byLogin('login-behind-sso'),
      ],
      polling: {
        frequency: { milliseconds: INTERVAL_MS },
        timeout: { seconds: 4 },
        requestTimeout: { seconds: 1 },
      },
    });
    await waitFor(
      'a first poll of the instances in the open',
      async () => (await healthyInstances(backend)).length === 2,
      30_000,
    );
  }, 90_000);

  afterAll(async () => {
    await elsewhere?.close();
    await stopRig(rig);
  });

  afterEach(() => {
    for (const name of ['with-token', 'with-login'])
      clearFaults(rig.simulator, name);
  });

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
    clearFaultsAndRecover(backend, rig.simulator, name, RECOVERY_MS);

  it.each([307, 308, 302] as const)(
    'a %s to another host: not followed, neither the token nor the login (its password) reaches it, and it is said in words',
    async redirectStatus => {
      const since = Date.now();
      const before = elsewhere.requests.length;
      for (const name of ['with-token', 'with-login'])
        rig.simulator
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
      expectNoSuiteSecrets(backend);
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
    expectNoSuiteSecrets(backend);
  });

  it('an HTML login page instead of the API: said to be a page, not Argo CD, and recovered after', async () => {
    const since = Date.now();
    rig.simulator.instance('with-token').faults.set({ htmlLoginPage: true });
    expect(await showsError('with-token', since)).toBe(
      "an HTML page, not Argo CD's API (a login page?)",
    );
    await recovers('with-token');
  });
});
