// A backend killed while its instance's polls time out, with CI waiting on an expectation that
// says so: once the instance answers again, the restarted backend's first successful poll
// re-checks the expectation at once, instead of leaving "unreachable" for the minute sweep.
import { gitApp, testInstance } from '@argo-pulse/argocd-simulator/testing';
import { waitFor } from '@argo-pulse/test-support';
import { postgresDatabase, startBackend } from './backendProcess';
import { startRig, stopRig } from './faultRig';
import { firstPoll, instanceStatus, isAfter } from './instanceStatuses';

const INTERVAL_SECONDS = 2;
const image = (version: string) => `ghcr.io/acme/orders:${version}`;

describe('a backend killed while its instance is unreachable', () => {
  it(`a pending expectation stops naming the outage within one interval (${INTERVAL_SECONDS} s) of the restarted backend's first poll`, async () => {
    const rig = await startRig(
      [testInstance('main', [gitApp('orders', { images: [image('1.0.0')] })])],
      postgresDatabase,
    );
    const { simulator, database } = rig;

    const argoPulse = {
      instances: [rig.byToken('main')],
      polling: {
        frequency: { seconds: INTERVAL_SECONDS },
        timeout: { seconds: 3 },
        requestTimeout: { seconds: 1 },
      },
    };
    try {
      const first = await startBackend(database, argoPulse);
      await firstPoll(first, 'main');
      simulator.instance('main').faults.set({ hang: true });
      await waitFor(
        'main to show its outage',
        async () => !!(await instanceStatus(first, 'main')).error,
        30_000,
      );
      const posted = await first.call('/expectations', {
        body: {
          application: { instance: 'main', name: 'orders' },
          images: [image('2.0.0')],
          timeoutSeconds: 600,
        },
      });
      expect(posted.status).toBe(202);
      const id = posted.body.id as string;
      const waitingFor = async (backend: typeof first) =>
        ((await backend.call(`/expectations/${id}`)).body.waitingFor ??
          []) as string[];
      await waitFor(
        'the expectation to name the outage',
        async () => (await waitingFor(first)).some(w => /unreachable/.test(w)),
        10_000,
      );
      await first.kill('SIGKILL');
      simulator.instance('main').faults.clear();

      const second = await startBackend(database, argoPulse);
      const started = Date.now();
      await waitFor(
        "the restarted backend's first successful poll",
        async () =>
          isAfter(
            (
              await instanceStatus(second, 'main')
            ).lastSuccessAt,
            started,
          ),
        30_000,
      );
      const firstPollAt = Date.parse(
        (await instanceStatus(second, 'main')).lastSuccessAt!,
      );
      await waitFor(
        'the expectation to stop naming the outage',
        async () =>
          !(await waitingFor(second)).some(w => /unreachable/.test(w)),
        INTERVAL_SECONDS * 1000 + 5000,
      );
      expect((Date.now() - firstPollAt) / 1000).toBeLessThanOrEqual(
        INTERVAL_SECONDS,
      );
    } finally {
      await stopRig(rig);
    }
  }, 120_000);
});
