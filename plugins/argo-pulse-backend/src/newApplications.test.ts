import type {
  ArgoPulseExpectation,
  CreateExpectationResponse,
} from '@argo-pulse/backstage-plugin-common';
import { describeOnEachDatabase } from './testing/eachDatabase';
import { expectationOnce, pluginForAllTests } from './testing/pluginHarness';

/**
 * CI often posts before Argo Pulse has seen a new application (an
 * ApplicationSet made it a moment ago): the post polls the instances
 * concerned, and what is still unknown is waited for, up to appMissingGrace.
 */
describeOnEachDatabase(
  'expectations for applications not seen yet, on %s',
  database => {
    const harness = pluginForAllTests(database, {
      // Long enough for the first test's post, create and poll to fit in it on a loaded machine.
      config: { expectations: { appMissingGrace: { seconds: 3 } } },
      extraEntities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'preview-service',
            namespace: 'default',
            annotations: { 'argocd/app-selector': 'app=preview-service' },
          },
          spec: {
            type: 'service',
            lifecycle: 'experimental',
            owner: 'group:default/team-payments',
          },
        },
      ],
    });
    const post = async (body: object) => {
      const response = await harness.post('/expectations', body);
      expect({ status: response.status, body: response.body }).toMatchObject({
        status: 202,
      });
      return response.body as CreateExpectationResponse;
    };
    const read = async (id: string) =>
      (await harness.get(`/expectations/${id}`)).body as ArgoPulseExpectation;

    beforeAll(() => harness.poll());

    it('an entity whose selector matches nothing yet: accepted, waiting in words; it gets its applications when they appear, and lands', async () => {
      const created = await post({
        entityRef: 'preview-service',
        images: ['ghcr.io/acme/preview-service:1.0.0'],
        timeoutSeconds: 600,
      });
      expect(created.expectation).toMatchObject({
        state: 'pending',
        applications: [],
        waitingFor: [
          'the applications of component:default/preview-service: not in Argo CD yet',
        ],
      });

      harness.simulator.instance('staging').createApplication({
        name: 'preview-service-staging',
        project: 'default',
        labels: { app: 'preview-service' },
        destination: { namespace: 'preview' },
        sources: [
          {
            repoURL: 'https://github.com/acme/deployments.git',
            path: 'apps/preview',
            targetRevision: 'main',
          },
        ],
        images: ['ghcr.io/acme/preview-service:1.0.0'],
      });
      await harness.poll('staging');
      expect(await read(created.id)).toMatchObject({
        state: 'deployed',
        applications: [
          { instance: 'staging', name: 'preview-service-staging' },
        ],
      });
    });

    it('an application that never appears fails app-not-found once appMissingGrace has passed, without another poll', async () => {
      const created = await post({
        application: { instance: 'prod', name: 'never-created' },
        images: ['ghcr.io/acme/never:1.0.0'],
      });
      expect(created.expectation).toMatchObject({
        state: 'pending',
        waitingFor: ['prod/never-created: not in Argo CD yet'],
      });
      const failed = await expectationOnce(harness, created.id, 'failed');
      expect(failed).toMatchObject({
        reason: 'app-not-found',
        message: expect.stringMatching(
          /^prod\/never-created: not in Argo CD \(looked for since /,
        ),
      });
    });

    it('still refuses what no new application could fix: an application of another entity', async () => {
      const response = await harness.post('/expectations', {
        entityRef: 'payments-api',
        application: { instance: 'prod', name: 'checkout-web-prod' },
        images: ['ghcr.io/acme/payments-api:1.0.0'],
      });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(
        /^prod\/checkout-web-prod is not one of the applications of component:default\/payments-api/,
      );
    });
  },
);
