// argo-pulse:wait-for-application run as a template step (Backstage's mock action context)
// against the real Argo Pulse backend on the simulator, over HTTP. The clock's sleeps return at
// once: the catalog learns the entity, and Argo CD creates and syncs its application, in the
// sleeps between two looks.
import type { Entity } from '@backstage/catalog-model';
import { describeOnEachDatabase } from '../testing/eachDatabase';
import { pluginForAllTests, rollOut } from '../testing/pluginHarness';
import {
  clientOf,
  fakeClock,
  permissions,
  runStep,
  UNPERMITTED_USER,
} from './__testUtils__/actionTesting';
import { createWaitForApplicationAction } from './waitForApplicationAction';

/**
 * A service a template registers: the in-memory catalog holds the entities
 * it started with, so the catalog finishing the registration is played by
 * giving this one its name.
 */
const newService = (): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'fresh-service-not-registered-yet',
    namespace: 'default',
    annotations: { 'argocd/app-selector': 'app=fresh-service' },
  },
  spec: { type: 'service', lifecycle: 'experimental', owner: 'team-payments' },
});

describeOnEachDatabase('argo-pulse:wait-for-application on %s', database => {
  const registered = newService();
  const harness = pluginForAllTests(database, {
    permissions,
    extraEntities: [registered],
  });
  beforeAll(() => harness.poll());

  const action = (onSleep?: (sleep: number) => Promise<void> | void) => {
    const { clock, slept } = fakeClock(onSleep);
    return {
      action: createWaitForApplicationAction({
        client: clientOf(harness),
        clock,
      }),
      slept,
    };
  };

  it("waits while the catalog does not know the entity, then while it has no application, then while it syncs; outputs the application's instance and Argo CD URL once Synced and Healthy", async () => {
    const staging = harness.simulator.instance('staging');
    const { action: wait, slept } = action(async sleep => {
      if (sleep === 1) registered.metadata.name = 'fresh-service';
      if (sleep === 2) {
        staging.createApplication({
          name: 'fresh-service-staging',
          labels: { app: 'fresh-service' },
          destination: { namespace: 'fresh-service' },
          sources: [
            {
              repoURL: 'https://github.com/acme/deployments.git',
              path: 'apps/fresh-service/staging',
            },
          ],
          images: ['ghcr.io/acme/fresh-service:0.0.0'],
          sync: 'OutOfSync',
          health: 'Missing',
        });
        await harness.poll('staging');
      }
      if (sleep === 3) {
        rollOut(harness, 'staging', 'fresh-service-staging', {
          images: ['ghcr.io/acme/fresh-service:1.0.0'],
        });
        await harness.poll('staging');
      }
    });

    const step = await runStep(wait, {
      entityRef: 'component:default/fresh-service',
      intervalSeconds: 5,
    });

    expect(step.error).toBeUndefined();
    expect(slept).toEqual([5000, 5000, 5000]);
    expect(step.info).toEqual([
      'Waiting: component:default/fresh-service is not in the catalog',
      'Waiting: component:default/fresh-service has no application',
      'Waiting: staging/fresh-service-staging is OutOfSync and Missing',
      expect.stringMatching(
        /^staging\/fresh-service-staging Synced and Healthy: http/,
      ),
    ]);
    const application = {
      instance: 'staging',
      namespace: 'argocd',
      name: 'fresh-service-staging',
      argoCdUrl: expect.stringMatching(
        /\/applications\/argocd\/fresh-service-staging$/,
      ),
    };
    expect(step.outputs).toEqual({
      ...application,
      applications: [application],
    });
  });

  it('picks the named application of the entity, in the instance given', async () => {
    const step = await runStep(action().action, {
      entityRef: 'payments-api',
      application: 'payments-api-prod',
      instance: 'prod',
    });

    expect(step.error).toBeUndefined();
    expect(step.outputs).toMatchObject({
      instance: 'prod',
      name: 'payments-api-prod',
      applications: [{ name: 'payments-api-prod' }],
    });
  });

  it('takes an empty application or instance (a template parameter left empty) as not given', async () => {
    const step = await runStep(action().action, {
      entityRef: 'payments-api',
      application: '',
      instance: 'prod',
    });

    expect(step.error).toBeUndefined();
    expect(step.outputs).toMatchObject({ name: 'payments-api-prod' });
  });

  it('fails at the timeout saying what it last saw', async () => {
    const { action: wait, slept } = action();

    const step = await runStep(wait, {
      entityRef: 'notifications-worker',
      application: 'notifications-worker-prod',
      timeoutSeconds: 60,
    });

    expect(slept).toEqual([10_000, 10_000, 10_000, 10_000, 10_000, 10_000]);
    expect(step.error?.message).toBe(
      'Gave up waiting for component:default/notifications-worker: prod/notifications-worker-prod is Synced and Degraded after 60 s',
    );
  });

  it('fails at the timeout for an entity the catalog never learns of, and for an application that never comes', async () => {
    const unknown = await runStep(action().action, {
      entityRef: 'never-registered',
      timeoutSeconds: 30,
    });
    const noApplication = await runStep(action().action, {
      entityRef: 'payments-api',
      application: 'payments-api-preview',
      instance: 'dev',
      timeoutSeconds: 30,
    });

    expect(unknown.error?.message).toBe(
      'Gave up waiting for component:default/never-registered: component:default/never-registered is not in the catalog after 30 s',
    );
    expect(noApplication.error?.message).toBe(
      'Gave up waiting for component:default/payments-api: component:default/payments-api has no application named payments-api-preview in dev after 30 s',
    );
  });

  it("fails at once with Argo Pulse's refusal for a user without argo-pulse.application.read on the entity", async () => {
    const { action: wait, slept } = action();

    const step = await runStep(
      wait,
      { entityRef: 'payments-api' },
      { user: UNPERMITTED_USER },
    );

    expect(step.error?.message).toBe(
      'Argo Pulse refused GET /entities/component/default/payments-api/applications (403): Not allowed: argo-pulse.application.read on component:default/payments-api',
    );
    expect(slept).toEqual([]);
  });

  it.each([
    [
      { timeoutSeconds: 7200 },
      'timeoutSeconds: Number must be less than or equal to 3600',
    ],
    [
      { intervalSeconds: 0 },
      'intervalSeconds: Number must be greater than or equal to 1',
    ],
    [
      { entityRef: 'component:default/' },
      'entityRef: must be an entity reference',
    ],
  ])('refuses the input %j: %s', async (input, message) => {
    const step = await runStep(action().action, {
      entityRef: 'payments-api',
      ...input,
    });
    expect(step.error?.name).toBe('InputError');
    expect(step.error?.message).toContain(
      `Invalid input to argo-pulse:wait-for-application: ${message}`,
    );
  });

  it('stops waiting when the task is cancelled', async () => {
    const cancel = new AbortController();
    const step = await runStep(
      action(() => cancel.abort()).action,
      { entityRef: 'never-registered' },
      { signal: cancel.signal },
    );
    expect(step.error?.message).toBe(
      'The task was cancelled while waiting for component:default/never-registered',
    );
  });
});
