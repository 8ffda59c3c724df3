import type {
  ArgoPulseDeployment,
  CreateExpectationResponse,
} from '@argo-pulse/backstage-plugin-common';
import { describeOnEachDatabase } from './testing/eachDatabase';
import { expectationOnce, pluginForAllTests } from './testing/pluginHarness';

/**
 * Argo CD's source hydrator syncs a commit it wrote itself (the rendered
 * manifests) from the dry commit CI made: history and expectations are about
 * the dry commit, with the hydrated one as detail.
 */
describeOnEachDatabase(
  'hydrated applications (source hydrator), on %s',
  database => {
    const harness = pluginForAllTests(database, {
      extraEntities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'ledger-service',
            namespace: 'default',
            annotations: { 'argocd/app-selector': 'app=ledger-service' },
          },
          spec: {
            type: 'service',
            lifecycle: 'production',
            owner: 'group:default/team-payments',
          },
        },
      ],
    });
    const newest = async (): Promise<ArgoPulseDeployment> => {
      const response = await harness.get(
        '/entities/component/default/ledger-service/history?limit=1',
      );
      expect(response.status).toBe(200);
      return response.body.items[0];
    };
    const hydration = () => {
      const status = harness.simulator
        .instance('prod')
        .application('ledger-prod').doc.status.sourceHydrator!
        .lastSuccessfulOperation!;
      return { dry: status.drySHA!, hydrated: status.hydratedSHA! };
    };

    /** The application's first hydration, as it was created: the other tests roll out after it. */
    let first: { dry: string; hydrated: string };

    beforeAll(async () => {
      harness.simulator.instance('prod').createApplication({
        name: 'ledger-prod',
        project: 'payments',
        labels: { app: 'ledger-service' },
        destination: { namespace: 'ledger' },
        sourceHydrator: {
          drySource: {
            repoURL: 'https://github.com/acme/deployments.git',
            path: 'apps/ledger',
            targetRevision: 'main',
          },
          syncSource: { targetBranch: 'environments', path: 'env/prod/ledger' },
        },
        images: ['ghcr.io/acme/ledger:1.0.0'],
      });
      first = hydration();
      await harness.poll('prod');
    });

    it('a history row is the dry commit (its commit metadata too), the hydrated commit beside it', async () => {
      const { dry, hydrated } = first;
      const history = await harness.get(
        '/entities/component/default/ledger-service/history?limit=100',
      );
      const row = (history.body.items as ArgoPulseDeployment[]).find(
        item => item.hydratedRevision === hydrated,
      );
      expect(row).toMatchObject({
        application: 'ledger-prod',
        revisions: [dry],
        hydratedRevision: hydrated,
        commits: [
          {
            revision: dry,
            message: 'chore(deploy): roll out ghcr.io/acme/ledger:1.0.0',
          },
        ],
      });
    });

    it("the overview names the synced hydrated commit's dry commit (CI's)", async () => {
      await harness.poll('prod');
      const { dry, hydrated } = hydration();
      const response = await harness.get(
        '/entities/component/default/ledger-service/applications',
      );
      expect(response.body.applications[0].sync).toEqual({
        status: 'Synced',
        revisions: [hydrated],
        dryRevision: dry,
      });
    });

    it("an expectation posted with CI's (dry) revision is deployed once its hydrated commit synced and settled", async () => {
      const dry = 'd0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0';
      const response = await harness.post('/expectations', {
        entityRef: 'component:default/ledger-service',
        images: ['ghcr.io/acme/ledger:1.1.0'],
        revision: dry.slice(0, 7),
      });
      expect({ status: response.status, body: response.body }).toMatchObject({
        status: 202,
      });
      const { id } = response.body as CreateExpectationResponse;

      const sim = harness.simulator.instance('prod');
      const rollout = sim.rollout('ledger-prod', {
        images: ['ghcr.io/acme/ledger:1.1.0'],
        revision: dry,
        manual: true,
      });
      const [hydrated] = rollout.revisions;
      expect(hydrated).not.toBe(dry);
      while (!sim.rollouts.advance(sim.application('ledger-prod'))!.done);
      await harness.poll('prod');

      const done = await expectationOnce(harness, id, 'deployed');
      expect(done.observed).toEqual([
        expect.objectContaining({
          name: 'ledger-prod',
          sync: expect.objectContaining({ status: 'Synced' }),
          images: ['ghcr.io/acme/ledger:1.1.0'],
        }),
      ]);
      expect(await newest()).toMatchObject({
        revisions: [dry],
        hydratedRevision: hydrated,
        commits: [{ revision: dry }],
      });
    });

    it("a failed sync of the hydrated commit of CI's (dry) revision fails the expectation posted with it", async () => {
      const dry = 'f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0';
      const response = await harness.post('/expectations', {
        entityRef: 'component:default/ledger-service',
        images: ['ghcr.io/acme/ledger:1.2.0'],
        revision: dry,
      });
      expect(response.status).toBe(202);
      const { id } = response.body as CreateExpectationResponse;

      const sim = harness.simulator.instance('prod');
      sim.rollout('ledger-prod', {
        images: ['ghcr.io/acme/ledger:1.2.0'],
        revision: dry,
        outcome: 'sync-failed',
        failureMessage: 'admission webhook denied the request',
        manual: true,
      });
      while (!sim.rollouts.advance(sim.application('ledger-prod'))!.done);
      await harness.poll('prod');

      expect(await expectationOnce(harness, id, 'failed')).toMatchObject({
        reason: 'sync-failed',
        message:
          'prod/ledger-prod: sync failed: admission webhook denied the request',
      });
    });
  },
);
