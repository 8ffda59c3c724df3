import type {
  ArgoPulseApplicationOverview,
  CreateExpectationResponse,
} from '@argo-pulse/backstage-plugin-common';
import type { ArgoRolloutSummary } from '@argo-pulse/argocd-simulator';
import { rolloutApp } from '@argo-pulse/argocd-simulator/testing';
import { describeOnEachDatabase } from './testing/eachDatabase';
import {
  expectationOnce,
  PluginHarness,
  pluginForAllTests,
} from './testing/pluginHarness';

/** A Component whose applications carry `app=<name>`. */
const component = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'argocd/app-selector': `app=${name}` },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/team-payments',
  },
});

const NAMES = ['shop', 'cart', 'web', 'tea'] as const;

/**
 * Argo Rollouts: an application whose workload is a Rollout is Synced long
 * before its new version is live. The page says where the canary stands, and
 * an expectation waits through it, as Argo CD and Argo Rollouts report them.
 */
describeOnEachDatabase(
  'applications that run an Argo Rollouts Rollout, on %s',
  database => {
    const harness = pluginForAllTests(database, {
      extraEntities: NAMES.map(component),
    });
    const sim = () => harness.simulator.instance('prod');

    beforeAll(async () => {
      // `<name>-prod`, labelled app=<name>, runs the Rollout `<name>-prod` (a canary of the simulator's test steps unless told).
      const prod = (name: string) => ({
        labels: { app: name },
        images: [`ghcr.io/acme/${name}:1.0.0`],
      });
      sim().createApplication(rolloutApp('shop-prod', undefined, prod('shop')));
      sim().createApplication(rolloutApp('cart-prod', undefined, prod('cart')));
      sim().createApplication(rolloutApp('tea-prod', undefined, prod('tea')));
      sim().createApplication(
        rolloutApp(
          'web-prod',
          { strategy: 'blueGreen', autoPromotion: false },
          prod('web'),
        ),
      );
      await harness.poll('prod');
    });

    it('a canary paused at a step: the card says step, weight and pause, the expectation waits, and is deployed once promoted to the end', async () => {
      const id = await expect200(harness, 'shop');
      startRollout(harness, 'shop', { until: r => r.awaitingPromotion });
      await harness.poll('prod');

      expect((await overview(harness, 'shop')).rollouts).toEqual([
        expect.objectContaining({
          name: 'shop-prod',
          strategy: 'canary',
          phase: 'Paused',
          step: { current: 2, total: 6 },
          canaryWeight: 20,
          paused: expect.objectContaining({ kind: 'pause-step' }),
          stableImages: ['ghcr.io/acme/shop:1.0.0'],
          updateImages: ['ghcr.io/acme/shop:2.0.0'],
        }),
      ]);
      const waiting = await expectationOnce(harness, id, 'pending');
      expect(waiting.waitingFor).toContain(
        'prod/shop-prod: Rollout shop-prod: canary 20 % (step 2 of 6), paused',
      );

      sim().rollouts.promote(sim().application('shop-prod'));
      while (!sim().rollouts.advance(sim().application('shop-prod'))!.done);
      await harness.poll('prod');
      await expectationOnce(harness, id, 'deployed');
      expect((await overview(harness, 'shop')).rollouts).toEqual([
        expect.objectContaining({
          phase: 'Healthy',
          stableImages: ['ghcr.io/acme/shop:2.0.0'],
        }),
      ]);
    });

    it('a canary whose analysis fails is aborted: the expectation fails with rollout-aborted and Argo Rollouts’ reason', async () => {
      const id = await expect200(harness, 'cart');
      startRollout(harness, 'cart', { analysis: 'failed' });
      await harness.poll('prod');

      const failed = await expectationOnce(harness, id, 'failed');
      expect(failed.reason).toBe('rollout-aborted');
      expect(failed.message).toMatch(
        /^prod\/cart-prod: Rollout cart-prod aborted the update to ghcr\.io\/acme\/cart:2\.0\.0: RolloutAborted: .*success-rate/,
      );
      const [rollout] = (await overview(harness, 'cart')).rollouts!;
      expect(rollout).toMatchObject({
        phase: 'Degraded',
        canaryWeight: 0,
        aborted: expect.any(Object),
      });
    });

    it('a canary that moves on without its application changing in the list (a weight, then an analysis) is read again on each poll', async () => {
      // At the weight of 50 %, then its analysis: both Progressing, with the same pods.
      startRollout(harness, 'tea', { until: r => r.currentStepIndex === 2 });
      await harness.poll('prod');
      expect((await overview(harness, 'tea')).rollouts![0]).toMatchObject({
        step: { current: 3, total: 6 },
        canaryWeight: 50,
      });

      sim().rollouts.advance(sim().application('tea-prod'));
      await harness.poll('prod');
      expect((await overview(harness, 'tea')).rollouts![0]).toMatchObject({
        step: { current: 4, total: 6 },
        analysis: expect.objectContaining({ status: 'Running' }),
      });
    });

    it('a blue-green preview waits for promotion; the active version is the stable one until then', async () => {
      startRollout(harness, 'web', { until: r => r.awaitingPromotion });
      await harness.poll('prod');
      expect((await overview(harness, 'web')).rollouts).toEqual([
        expect.objectContaining({
          strategy: 'blueGreen',
          paused: expect.objectContaining({ kind: 'awaiting-promotion' }),
          stableImages: ['ghcr.io/acme/web:1.0.0'],
          updateImages: ['ghcr.io/acme/web:2.0.0'],
        }),
      ]);
    });
  },
);

/** Rolls `<name>:2.0.0` out by hand, advancing (and promoting at pauses) until the Rollout is as `until` says, or to the end. */
function startRollout(
  harness: PluginHarness,
  name: string,
  options: {
    analysis?: 'successful' | 'failed' | 'inconclusive';
    until?: (rollout: ArgoRolloutSummary) => boolean;
  },
): void {
  const sim = harness.simulator.instance('prod');
  const app = `${name}-prod`;
  sim.rollout(app, {
    images: [`ghcr.io/acme/${name}:2.0.0`],
    manual: true,
    ...(options.analysis ? { analysis: options.analysis } : {}),
  });
  for (;;) {
    const status = sim.rollouts.advance(sim.application(app))!;
    if (status.done || (status.rollout && options.until?.(status.rollout)))
      return;
    // A pause until promoted: promoted, as someone would.
    if (status.rollout?.awaitingPromotion) {
      const promoted = sim.rollouts.promote(sim.application(app));
      if (promoted.rollout && options.until?.(promoted.rollout)) return;
    }
  }
}

async function expect200(
  harness: PluginHarness,
  name: string,
): Promise<string> {
  const response = await harness.post('/expectations', {
    entityRef: `component:default/${name}`,
    images: [`ghcr.io/acme/${name}:2.0.0`],
  });
  expect(response.status).toBe(202);
  return (response.body as CreateExpectationResponse).id;
}

async function overview(
  harness: PluginHarness,
  name: string,
): Promise<ArgoPulseApplicationOverview> {
  const response = await harness.get(
    `/entities/component/default/${name}/applications`,
  );
  expect(response.status).toBe(200);
  return response.body.applications[0];
}
