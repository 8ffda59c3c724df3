import type {
  EntityApplicationsResponse,
  InstancesResponse,
} from '@argo-pulse/backstage-plugin-common';
import { describeOnEachDatabase } from '../testing/eachDatabase';
import { pluginForAllTests } from '../testing/pluginHarness';

describeOnEachDatabase('polling.timeout on %s', database => {
  const harness = pluginForAllTests(database, {
    config: {
      polling: {
        timeout: { milliseconds: 1500 },
        requestTimeout: { seconds: 5 },
      },
    },
  });
  const devApp = async () => {
    const body = (
      await harness.get('/entities/component/default/payments-api/applications')
    ).body as EntityApplicationsResponse;
    return body.applications.find(a => a.instance === 'dev')!;
  };

  beforeAll(() => harness.poll());

  it('a slow instance whose poll overruns the timeout: an error with its time, nothing half-written, and the next poll catches up', async () => {
    const dev = harness.simulator.instance('dev');
    dev.rollout('payments-api-dev', {
      images: ['ghcr.io/acme/payments-api:1.9.0'],
      manual: true,
    });
    // Each request answers within its own 5 s limit, but list + GET take 2 s together.
    await dev.faults.set({ latencyMs: 1000 });
    try {
      await harness.poll('dev');
    } finally {
      dev.faults.clear();
    }
    const status = (
      (await harness.get('/instances')).body as InstancesResponse
    ).instances.find(i => i.instance === 'dev')!;
    expect(status.error).toEqual({
      category: 'poll-deadline',
      message:
        'the poll did not finish within 1.5 s (0 changed applications stored; the next poll goes on from there)',
      at: expect.stringMatching(/Z$/),
    });
    expect((await devApp()).sync.status).toBe('Synced');

    await harness.poll('dev');
    expect((await devApp()).sync.status).toBe('OutOfSync');
    const after = (
      (await harness.get('/instances')).body as InstancesResponse
    ).instances.find(i => i.instance === 'dev')!;
    expect(after.error).toBeUndefined();
  });
});
