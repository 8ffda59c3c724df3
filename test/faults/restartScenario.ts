// A backend killed in the middle of a poll, and started again: how long until the instance is
// polled again. Used by the restart test (which asserts it) and by the benchmark (which prints it).
import { testInstance } from '@argo-pulse/argocd-simulator/testing';
import { waitFor } from '@argo-pulse/test-support';
import { postgresDatabase, startBackend } from './backendProcess';
import { startRig, stopRig } from './faultRig';

const LIST = 'GET /api/v1/applications';

/** Seconds from the restarted backend answering to its first list request. */
export async function measureRestart(options: {
  intervalSeconds: number;
}): Promise<number> {
  const rig = await startRig([testInstance('prod', [])], postgresDatabase);
  const { simulator, database } = rig;
  simulator.instance('prod').generateApplications({ count: 50, prefix: 'svc' });

  const argoPulse = {
    instances: [rig.byToken('prod')],
    // A poll may take far longer than an interval: the restart must not wait for that.
    polling: {
      frequency: { seconds: options.intervalSeconds },
      timeout: { seconds: 60 },
    },
  };
  const lists = () =>
    simulator.instance('prod').counters.snapshot().endpoints[LIST]?.requests ??
    0;
  try {
    // Every answer takes 2 s: a poll is in the middle of its list when the backend is killed.
    await simulator.instance('prod').faults.set({ latencyMs: 2000 });
    const first = await startBackend(database, argoPulse);
    await waitFor('the first poll to start', async () => lists() >= 1, 30_000);
    await first.kill('SIGKILL');
    simulator.instance('prod').counters.reset();

    await startBackend(database, argoPulse);
    const up = Date.now();
    await waitFor(
      'the restarted backend to poll',
      async () => lists() >= 1,
      120_000,
    );
    return (Date.now() - up) / 1000;
  } finally {
    await stopRig(rig);
  }
}
