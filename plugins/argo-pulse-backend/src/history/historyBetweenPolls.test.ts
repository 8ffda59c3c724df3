// What happens between two polls: deployments that were never the newest
// at a poll get their images from the manifests at their revisions, one
// superseded mid-rollout loses its provisional images, and entries Argo CD
// dropped before a poll came are counted on the next one.
import { gitApp } from '@argo-pulse/argocd-simulator/testing';
import { describeOnEachDatabase } from '../testing/eachDatabase';
import * as prod from '../testing/prodInstance';
import { MANIFESTS } from '../testing/argoCdEndpoints';

const KEY = { instance: 'prod', namespace: 'argocd', name: 'payments' };
const image = (version: string) => `ghcr.io/acme/payments:${version}`;

describeOnEachDatabase('history between polls on %s', database => {
  const simulator = prod.simulatorForEachTest([
    gitApp('payments', { images: [image('1.0.0')], historyDepth: 2 }),
  ]);

  async function backend() {
    const { store, poll } = await prod.backend(database, simulator);
    const history = async () =>
      (await store.getDeployments([KEY], { limit: 100, offset: 0 })).items;
    return { store, poll, history };
  }

  /** One rollout of a new image, all the way to Healthy. */
  function deploy(version: string, steps = Infinity) {
    const sim = simulator.instance('prod');
    const status = sim.rollout('payments', {
      images: [image(version)],
      manual: true,
    });
    for (let step = 0, done = status.done; !done && step < steps; step++)
      done = sim.rollouts.advance(sim.application('payments'))!.done;
  }
  const manifestRequests = () => prod.requestCount(simulator, MANIFESTS);

  it('gives every deployment between two polls its images, from the manifests at its revision', async () => {
    const { poll, history } = await backend();
    await poll();
    simulator.instance('prod').counters.reset();
    ['1.1.0', '1.2.0', '1.3.0'].forEach(version => deploy(version));
    await poll();

    expect((await history()).map(d => [d.historyId, d.images])).toEqual([
      [4, [image('1.3.0')]],
      [3, [image('1.2.0')]],
      [2, [image('1.1.0')]],
      [1, [image('1.0.0')]],
      [0, [image('1.0.0')]],
    ]);
    // The two entries never seen running, once each; the newest settled without a request.
    expect(manifestRequests()).toBe(2);
    simulator.instance('prod').counters.reset();
    await poll();
    expect(manifestRequests()).toBe(0);
  });

  it('names the images a failed sync tried to deploy, from the manifests at its revision, asked once', async () => {
    const { poll, history } = await backend();
    await poll();
    const sim = simulator.instance('prod');
    const status = sim.rollout('payments', {
      images: [image('4.0.0')],
      outcome: 'sync-failed',
      manual: true,
    });
    for (let done = status.done; !done; )
      done = sim.rollouts.advance(sim.application('payments'))!.done;
    sim.counters.reset();
    await poll();
    const [failed] = await history();
    expect(failed.historyId).toBeUndefined();
    expect(failed).toMatchObject({
      syncResult: { phase: 'Failed' },
      images: [image('4.0.0')],
    });
    expect(manifestRequests()).toBe(1);
    sim.counters.reset();
    await poll();
    expect(manifestRequests()).toBe(0);
  });

  it('replaces the provisional images of a deployment superseded mid-rollout', async () => {
    const { poll, history } = await backend();
    await poll();
    deploy('2.0.0', 2); // synced, still progressing: old and new images run side by side
    await poll();
    expect((await history())[0]).toMatchObject({
      historyId: 2,
      images: [image('1.0.0'), image('2.0.0')],
    });

    deploy('2.0.1');
    await poll();
    expect((await history()).map(d => [d.historyId, d.images])).toEqual([
      [3, [image('2.0.1')]],
      [2, [image('2.0.0')]],
      [1, [image('1.0.0')]],
      [0, [image('1.0.0')]],
    ]);
  });

  it('counts the deployments Argo CD dropped from its history before a poll saw them', async () => {
    const { poll, history } = await backend();
    await poll();
    for (let n = 1; n <= 13; n++) deploy(`3.0.${n}`);
    await poll();

    const rows = await history();
    // Argo CD keeps ten entries: ids 5 to 14 of the 13 new ones (2 to 14); 2, 3 and 4 are gone.
    expect(rows.map(d => d.historyId)).toEqual([
      14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 1, 0,
    ]);
    expect(rows.filter(d => d.missedBefore)).toEqual([
      expect.objectContaining({ historyId: 5, missedBefore: 3 }),
    ]);
    expect(rows.every(d => d.images.length === 1)).toBe(true);
    expect(rows[0].images).toEqual([image('3.0.13')]);
    expect(rows[9].images).toEqual([image('3.0.4')]);
  });

  it('marks no gap when the application was deleted and created again (its history numbered from 0 again)', async () => {
    const { poll, history } = await backend();
    deploy('4.0.0');
    await poll();
    const sim = simulator.instance('prod');
    sim.deleteApplication('payments');
    sim.createApplication(
      gitApp('payments', { images: [image('5.0.0')], historyDepth: 1 }),
    );
    await poll();
    expect((await history()).filter(d => d.missedBefore)).toEqual([]);
  });
});
