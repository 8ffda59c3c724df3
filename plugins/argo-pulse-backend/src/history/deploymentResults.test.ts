// What happened to each deployment, settled from what the poller sees after
// the sync, through a real poll of a simulated Argo CD and the store.
import { gitApp } from '@argo-pulse/argocd-simulator/testing';
import { describeOnEachDatabase } from '../testing/eachDatabase';
import * as prod from '../testing/prodInstance';

const KEY = { instance: 'prod', namespace: 'argocd', name: 'payments' };
const image = (version: string) => `ghcr.io/acme/payments:${version}`;
const inMinutes = (minutes: number) =>
  new Date(Date.now() + minutes * 60_000).toISOString();

describeOnEachDatabase('deployment results on %s', database => {
  const simulator = prod.simulatorForEachTest([
    gitApp('payments', { images: [image('1.0.0')], historyDepth: 1 }),
  ]);

  async function setup() {
    const { store, poll } = await prod.backend(database, simulator);
    const sim = simulator.instance('prod');
    return {
      store,
      poll,
      results: async () =>
        (
          await store.getDeployments([KEY], { limit: 100, offset: 0 })
        ).items.map(d => ({
          images: d.images,
          status: d.result?.status,
          reason: d.result?.reason,
          rollbackOf: d.rollbackOf,
        })),
      /** Starts a rollout and applies `steps` of its phases (all by default). */
      rollOut: (
        version: string,
        outcome: 'success' | 'degraded' | 'sync-failed' = 'success',
        steps = Infinity,
      ) => {
        const status = sim.rollout('payments', {
          images: [image(version)],
          outcome,
          manual: true,
        });
        for (let step = 0, done = status.done; !done && step < steps; step++)
          done = sim.rollouts.advance(sim.application('payments'))!.done;
      },
    };
  }

  it('healthy once Healthy at its revisions; a deployment seen progressing and replaced before it settled is superseded', async () => {
    const { poll, results, rollOut } = await setup();
    await poll();
    // The seed deployment was healthy long before the first poll: healthy, how long unknown.
    expect(await results()).toEqual([
      expect.objectContaining({ status: 'healthy' }),
    ]);

    rollOut('2.0.0', 'success', 2); // synced, pods still progressing
    await poll();
    expect((await results())[0]).toMatchObject({ status: 'progressing' });

    rollOut('2.0.1');
    await poll();
    expect((await results()).map(r => r.status)).toEqual([
      'healthy',
      'superseded',
      'healthy',
    ]);
  });

  it('a failed sync is failed; a rollout whose pods degrade is degraded once the grace is over, with why', async () => {
    const { store, poll, results, rollOut } = await setup();
    await poll();
    rollOut('3.0.0', 'sync-failed');
    await poll();
    expect((await results())[0]).toMatchObject({ status: 'failed' });

    rollOut('3.0.1', 'degraded');
    await poll();
    expect((await results())[0]).toMatchObject({ status: 'progressing' });
    // Nothing changes in Argo CD any more: the sweep settles it, after the grace.
    expect(await store.settleOverdueDeployments(inMinutes(1))).toEqual([]);
    expect(await store.settleOverdueDeployments(inMinutes(3))).toEqual([KEY]);
    expect((await results())[0]).toMatchObject({
      status: 'degraded',
      reason: expect.stringMatching(/^Pod payments-.*ImagePullBackOff/),
    });
  });

  it('still Progressing after the settle timeout: degraded, "did not become healthy within 10 minutes"', async () => {
    const { store, poll, results, rollOut } = await setup();
    await poll();
    rollOut('4.0.0', 'success', 2);
    await poll();
    expect(await store.settleOverdueDeployments(inMinutes(5))).toEqual([]);
    expect(await store.settleOverdueDeployments(inMinutes(11))).toEqual([KEY]);
    expect((await results())[0]).toMatchObject({
      status: 'degraded',
      reason: 'did not become healthy within 10 minutes',
    });
  });
});
