// A backend killed (SIGKILL) while CI waits on expectations: the expectations are in the
// database, so the backend started in its place resolves every one of them, exactly once, on
// SQLite and on PostgreSQL.
import { gitApp, testInstance } from '@argo-pulse/argocd-simulator/testing';
import { waitFor } from '@argo-pulse/test-support';
import { resolutionsAnnounced, startBackend } from './backendProcess';
import { describePerDatabase, FaultRig, startRig, stopRig } from './faultRig';
import { firstPoll } from './instanceStatuses';
import { expectNoSuiteSecrets, unhandledRejections } from './secretsSweep';

const APPS = ['orders', 'billing', 'search', 'ledger'];
const image = (app: string, version: string) =>
  `ghcr.io/acme/${app}:${version}`;

describePerDatabase('pending expectations across a SIGKILL', createDatabase => {
  let rig: FaultRig;

  beforeEach(async () => {
    rig = await startRig(
      [
        testInstance(
          'prod',
          APPS.map(app => gitApp(app, { images: [image(app, '1.0.0')] })),
        ),
      ],
      createDatabase,
    );
  });
  afterEach(() => stopRig(rig));

  it('are all resolved by the next backend, each exactly once', async () => {
    const argoPulse = {
      instances: [rig.byToken('prod')],
      polling: { frequency: { seconds: 1 } },
    };
    const first = await startBackend(rig.database, argoPulse);
    await firstPoll(first, 'prod');

    // CI posts; each rollout stops half-way (commit landed, not synced) when the backend dies.
    const sim = rig.simulator.instance('prod');
    const ids: Record<string, string> = {};
    for (const [index, app] of APPS.entries()) {
      const failing = index === APPS.length - 1;
      const version = failing ? '9.9.9' : '2.0.0';
      sim.rollout(app, {
        images: [image(app, version)],
        manual: true,
        ...(failing ? { outcome: 'sync-failed' } : {}),
      });
      const posted = await first.call('/expectations', {
        body: {
          application: { instance: 'prod', name: app },
          images: [image(app, version)],
          timeoutSeconds: 600,
        },
      });
      expect(posted.status).toBe(202);
      ids[app] = posted.body.id;
    }
    for (const id of Object.values(ids))
      expect((await first.call(`/expectations/${id}`)).body.state).toBe(
        'pending',
      );
    await first.kill('SIGKILL');

    // While no backend runs, the rollouts finish.
    for (const app of APPS) {
      for (let done = false; !done; )
        done = sim.rollouts.advance(sim.application(app))!.done;
    }

    const second = await startBackend(rig.database, argoPulse);
    await waitFor(
      'every expectation to resolve',
      async () => {
        const states = await Promise.all(
          Object.values(ids).map(
            async id => (await second.call(`/expectations/${id}`)).body.state,
          ),
        );
        return states.every(state => state !== 'pending');
      },
      30_000,
    );
    for (const app of APPS.slice(0, -1))
      expect(
        (await second.call(`/expectations/${ids[app]}`)).body,
      ).toMatchObject({ state: 'deployed' });
    expect(
      (await second.call(`/expectations/${ids.ledger}`)).body,
    ).toMatchObject({ state: 'failed', reason: 'sync-failed' });

    const logs = first.log() + second.log();
    for (const id of Object.values(ids))
      expect(resolutionsAnnounced(logs, id)).toBe(1);
    expect(unhandledRejections(logs)).toEqual([]);
    expectNoSuiteSecrets(first, second);
  }, 120_000);
});
