// One Argo CD instance misbehaves in every way seen in production; the real backend (its own
// process) on SQLite and on PostgreSQL keeps polling the others, shows the faulty one as failing
// with a short categorized reason, recovers at its first poll after the fault clears, never
// crashes, and never shows or logs a credential.
import type { FaultSettingsInput } from '@argo-pulse/argocd-simulator';
import {
  gitApp,
  TEST_TOKEN,
  testInstance,
} from '@argo-pulse/argocd-simulator/testing';
import { waitFor } from '@argo-pulse/test-support';
import { createServer } from 'node:net';
import { BackendProcess, startBackend } from './backendProcess';
import { describePerDatabase, FaultRig, startRig, stopRig } from './faultRig';
import {
  clearFaults,
  clearFaultsAndRecover,
  healthyInstances,
  instanceStatus,
  instanceStatuses,
  isAfter,
} from './instanceStatuses';
import { expectNoSuiteSecrets, unhandledRejections } from './secretsSweep';

const INTERVAL_MS = 1000;
const POLL_TIMEOUT_MS = 4000;
const REQUEST_TIMEOUT_MS = 1000;
/** A poll that started just before the fault cleared may still fail; the next one (an interval later) must not. */
const RECOVERY_MS = POLL_TIMEOUT_MS + INTERVAL_MS + 2000;

const apps = (prefix: string) => [1, 2, 3].map(n => gitApp(`${prefix}-${n}`));

/** A URL nothing listens on: a port the system gave us, closed again. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise(r => server.close(r));
  return `http://127.0.0.1:${port}`;
}

describePerDatabase('instance faults', createDatabase => {
  let rig: FaultRig;
  let backend: BackendProcess;

  beforeAll(async () => {
    rig = await startRig(
      [
        testInstance('alpha', apps('a')),
        testInstance('beta', apps('b')),
        testInstance('victim', apps('v')),
        testInstance('session', apps('s')),
      ],
      createDatabase,
    );
    backend = await startBackend(rig.database, {
      instances: [
        rig.byToken('alpha'),
        rig.byToken('beta'),
        rig.byToken('victim'),
        rig.byLogin('session'),
        { name: 'closed', url: await closedPortUrl(), token: TEST_TOKEN },
      ],
      polling: {
        frequency: { milliseconds: INTERVAL_MS },
        timeout: { milliseconds: POLL_TIMEOUT_MS },
        requestTimeout: { milliseconds: REQUEST_TIMEOUT_MS },
      },
    });
    await waitFor(
      'a first poll of every reachable instance',
      async () => (await healthyInstances(backend)).length === 4,
      30_000,
    );
  }, 90_000);

  afterAll(() => stopRig(rig));

  afterEach(() => {
    for (const name of ['alpha', 'beta', 'victim', 'session'])
      clearFaults(rig.simulator, name);
  });

  const statuses = () => instanceStatuses(backend);
  const status = (name: string) => instanceStatus(backend, name);

  /** Alpha and beta are polled successfully after `since`: the fault elsewhere holds nothing up. */
  async function othersFreshSince(since: number) {
    await waitFor(
      'alpha and beta to be polled again',
      async () => {
        const all = await statuses();
        return ['alpha', 'beta'].every(name => {
          const s = all.find(i => i.instance === name)!;
          return isAfter(s.lastSuccessAt, since) && !s.error && !s.stale;
        });
      },
      10_000,
    );
  }

  /** After the fault clears, the victim's next poll succeeds. */
  const recovers = (name: string) =>
    clearFaultsAndRecover(backend, rig.simulator, name, RECOVERY_MS);

  function sweep() {
    expectNoSuiteSecrets(backend);
    expect(unhandledRejections(backend.log())).toEqual([]);
  }

  it.each<[string, string, RegExp, FaultSettingsInput]>([
    [
      'connections dropped without an answer',
      'cannot-connect',
      /^cannot connect( \([A-Z_]+\))?$/,
      { refuseConnections: true },
    ],
    [
      'requests accepted and never answered',
      'timed-out',
      /^timed out after 1 s$/,
      { hang: true },
    ],
    [
      'answers slower than the request timeout',
      'timed-out',
      /^timed out after 1 s$/,
      { latencyMs: 1500 },
    ],
    [
      'a proxy answering 502',
      'unavailable',
      /^502 from Argo CD$/,
      { errorRate: 1, errorStatus: 502 },
    ],
    [
      'every answer 503',
      'unavailable',
      /^503 from Argo CD$/,
      { errorRate: 1, errorStatus: 503 },
    ],
    [
      'answers cut short in the middle of the JSON',
      'bad-answer',
      /^Argo CD's answer could not be read \(not JSON\)$/,
      { malformedJson: true },
    ],
  ])(
    '%s: shown as %s with a short reason, others unaffected, recovered at the next poll',
    async (_fault, category, reason, fault) => {
      const since = Date.now();
      rig.simulator.instance('victim').faults.set(fault);
      await waitFor(
        'the victim to show the fault',
        async () => {
          const s = await status('victim');
          return s.error?.category === category && isAfter(s.error.at, since);
        },
        RECOVERY_MS,
      );
      expect((await status('victim')).error!.message).toMatch(reason);
      await othersFreshSince(since);
      await recovers('victim');
      sweep();
    },
  );

  it('a revoked token: 401 from Argo CD, others unaffected, recovered once Argo CD takes it again', async () => {
    const since = Date.now();
    rig.simulator
      .instance('victim')
      .sessions.expire({ includeStaticTokens: true });
    await waitFor(
      'the victim to show the 401',
      async () => (await status('victim')).error?.category === 'unauthorized',
      RECOVERY_MS,
    );
    expect((await status('victim')).error!.message).toBe(
      '401 from Argo CD: the token or session was refused',
    );
    await othersFreshSince(since);
    await recovers('victim');
    sweep();
  });

  it('a 503 burst on a third of the answers is absorbed by retries: the instance stays fresh', async () => {
    rig.simulator
      .instance('victim')
      .faults.set({ errorRate: 0.3, errorStatus: 503 });
    const since = Date.now();
    await waitFor(
      'two polls of the victim despite the 503s',
      async () =>
        isAfter((await status('victim')).lastSuccessAt, since + INTERVAL_MS),
      RECOVERY_MS,
    );
    await othersFreshSince(since);
    sweep();
  });

  it('an Argo CD that ignores `fields`: still polled, with a warning of what each poll transfers, gone once it projects again', async () => {
    rig.simulator.instance('victim').faults.set({ ignoreFields: true });
    await waitFor(
      'the warning',
      async () =>
        (
          await status('victim')
        ).warnings?.some(w =>
          /^Argo CD ignored `fields`: each poll transfers \d+(\.\d)? MB$/.test(
            w.message,
          ),
        ) ?? false,
      RECOVERY_MS,
    );
    expect((await status('victim')).error).toBeUndefined();
    await recovers('victim');
    await waitFor(
      'the warning gone',
      async () => (await status('victim')).warnings === undefined,
      RECOVERY_MS,
    );
    sweep();
  });

  it('an expired login session is renewed by logging in again, without an error', async () => {
    const logins = () =>
      rig.simulator.instance('session').counters.snapshot().endpoints[
        'POST /api/v1/session'
      ]?.requests ?? 0;
    const before = logins();
    const since = Date.now();
    rig.simulator.instance('session').sessions.expire();
    await waitFor(
      'a poll after the session expired',
      async () =>
        isAfter((await status('session')).lastSuccessAt, since + INTERVAL_MS),
      RECOVERY_MS,
    );
    expect(logins()).toBeGreaterThan(before);
    expect((await status('session')).error).toBeUndefined();
    sweep();
  });

  it('an instance whose port refuses connections: cannot connect (ECONNREFUSED), the others polled', async () => {
    // Shuffled, this may run before the first poll of the closed port has been recorded: wait for it.
    await waitFor(
      'the closed instance to show its error',
      async () => (await status('closed')).error !== undefined,
      RECOVERY_MS,
    );
    const closed = await status('closed');
    expect(closed).toMatchObject({
      stale: true,
      error: {
        category: 'cannot-connect',
        message: 'cannot connect (ECONNREFUSED)',
      },
    });
    await othersFreshSince(Date.now());
    sweep();
  });
});
