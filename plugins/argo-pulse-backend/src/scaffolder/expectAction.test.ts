// argo-pulse:expect run as a template step (Backstage's mock action context) against the real
// Argo Pulse backend on the simulator, over HTTP, as the scaffolder's module calls it. The
// clock's sleeps return at once: a rollout happens in the sleep between two reads of the verdict.
import type { EntityExpectationsResponse } from '@argo-pulse/backstage-plugin-common';
import { describeOnEachDatabase } from '../testing/eachDatabase';
import { pluginForAllTests, rollOut } from '../testing/pluginHarness';
import {
  clientOf,
  fakeClock,
  permissions,
  runStep,
  UNPERMITTED_USER,
} from './__testUtils__/actionTesting';
import { createExpectAction } from './expectAction';

const APP_BASE_URL = 'https://backstage.acme.example';

describeOnEachDatabase('argo-pulse:expect on %s', database => {
  const harness = pluginForAllTests(database, { permissions });
  beforeAll(() => harness.poll());

  /** The action as the module makes it, with a clock whose sleeps run `onSleep`. */
  const action = (onSleep?: (sleep: number) => Promise<void> | void) => {
    const { clock, slept } = fakeClock(onSleep);
    return {
      action: createExpectAction({
        client: clientOf(harness),
        appBaseUrl: APP_BASE_URL,
        clock,
      }),
      slept,
    };
  };

  it('waits while the rollout runs, then outputs the verdict deployed, a link to the entity page and the Argo CD links', async () => {
    const image = 'ghcr.io/acme/payments-api:2.0.0';
    const { action: expectAction, slept } = action(async sleep => {
      if (sleep !== 2) return;
      rollOut(harness, 'dev', 'payments-api-dev', { images: [image] });
      await harness.poll('dev');
    });

    const step = await runStep(expectAction, {
      entityRef: 'payments-api',
      instances: ['dev'],
      images: [image],
      revision: 'abc1234',
    });

    expect(step.error).toBeUndefined();
    expect(step.outputs).toEqual({
      id: expect.any(String),
      state: 'deployed',
      message: expect.stringMatching(
        /^component:default\/payments-api: ghcr\.io\/acme\/payments-api:2\.0\.0 deployed/,
      ),
      url: `${APP_BASE_URL}/catalog/default/component/payments-api`,
      statusUrl: expect.stringMatching(
        new RegExp(`/api/argo-pulse/expectations/${step.outputs.id}$`),
      ),
      applications: [
        {
          instance: 'dev',
          namespace: 'argocd',
          name: 'payments-api-dev',
          argoCdUrl: expect.stringMatching(
            /\/applications\/argocd\/payments-api-dev$/,
          ),
        },
      ],
    });
    expect(slept).toEqual([5000, 5000]); // two reads before the rollout, the third deployed
    expect(step.info).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Expectation .* accepted: /),
        'component:default/payments-api: waiting for dev/payments-api-dev: runs ghcr.io/acme/payments-api:1.7.4, not yet ghcr.io/acme/payments-api:2.0.0',
      ]),
    );
  });

  it("fails the step when the verdict is failed, with the reason and Argo CD's message, its outputs set", async () => {
    const image = 'ghcr.io/acme/checkout-web:9.0.0';
    const { action: expectAction } = action(async sleep => {
      if (sleep !== 1) return;
      rollOut(harness, 'staging', 'checkout-web-staging', {
        images: [image],
        outcome: 'sync-failed',
        failureMessage: 'admission webhook "policy.acme.example" denied it',
      });
      await harness.poll('staging');
    });

    const step = await runStep(expectAction, {
      entityRef: 'component:default/checkout-web',
      instances: ['staging'],
      images: [image],
    });

    expect(step.error?.message).toBe(
      'component:default/checkout-web: ghcr.io/acme/checkout-web:9.0.0 failed (sync-failed): staging/checkout-web-staging: sync failed: admission webhook "policy.acme.example" denied it' +
        ` (${APP_BASE_URL}/catalog/default/component/checkout-web)`,
    );
    expect(step.outputs).toMatchObject({
      state: 'failed',
      reason: 'sync-failed',
    });
  });

  it('a retried step (same task, same step) answers the expectation of its first run: one is posted', async () => {
    const image = 'ghcr.io/acme/inventory:0.15.0';
    const input = {
      entityRef: 'inventory-service',
      instances: ['dev'],
      images: [image],
      wait: false,
    };
    const { action: expectAction } = action();

    const first = await runStep(expectAction, input, {
      taskId: 'task-7',
      stepId: 'expect',
    });
    const retried = await runStep(expectAction, input, {
      taskId: 'task-7',
      stepId: 'expect',
    });

    expect(first.error).toBeUndefined();
    expect(first.outputs).toMatchObject({ state: 'pending' });
    expect(retried.outputs.id).toBe(first.outputs.id);
    const listed = (
      await harness.get(
        '/entities/component/default/inventory-service/expectations',
      )
    ).body as EntityExpectationsResponse;
    expect(
      listed.items.filter(e => e.images.includes(image)).map(e => e.id),
    ).toEqual([first.outputs.id]);
  });

  it('fails the step when the wait ends before the verdict, saying what it still waits for', async () => {
    const { action: expectAction, slept } = action();

    const step = await runStep(expectAction, {
      entityRef: 'notifications-worker',
      instances: ['dev'],
      images: ['acme/notifications-worker:2.1.0'],
      waitTimeoutSeconds: 12,
    });

    expect(slept).toEqual([5000, 5000, 2000]);
    expect(step.outputs).toMatchObject({ state: 'pending' });
    expect(step.error?.message).toMatch(
      /^Expectation \S+ is still pending after 12 s: component:default\/notifications-worker: waiting for dev\/notifications-worker-dev: runs docker\.io\/acme\/notifications-worker:2\.0\.3, not yet docker\.io\/acme\/notifications-worker:2\.1\.0/,
    );
  });

  it('with failIfNotDeployed: false, a verdict other than deployed is logged and outputs the state for later steps', async () => {
    const { action: expectAction } = action();

    const step = await runStep(expectAction, {
      entityRef: 'checkout-web',
      instances: ['dev'],
      images: ['ghcr.io/acme/checkout-web:4.0.0'],
      waitTimeoutSeconds: 5,
      failIfNotDeployed: false,
    });

    expect(step.error).toBeUndefined();
    expect(step.outputs).toMatchObject({ state: 'pending' });
    expect(step.warn).toEqual([
      expect.stringMatching(/is still pending after 5 s/),
    ]);
  });

  it.each([
    [
      { entityRef: 'payments-api', images: [] },
      'images: give at least one image',
    ],
    [{ images: ['nginx'] }, 'give entityRef, application, or both'],
    [
      {
        application: { instance: 'dev', name: 'x' },
        instances: ['dev'],
        images: ['nginx'],
      },
      'instances: instances narrows an entity: give entityRef with it',
    ],
    [
      { entityRef: 'payments-api', images: ['nginx'], wiat: false },
      "Unrecognized key(s) in object: 'wiat'",
    ],
    [
      { entityRef: 'component:default/', images: ['nginx'] },
      'entityRef: must be an entity reference',
    ],
  ])('refuses the input %j before posting: %s', async (input, message) => {
    const step = await runStep(action().action, input);
    expect(step.error?.name).toBe('InputError');
    expect(step.error?.message).toContain(
      `Invalid input to argo-pulse:expect: ${message}`,
    );
  });

  it.each([
    [
      'a user without argo-pulse.expectation.create on the entity',
      UNPERMITTED_USER,
      'payments-api',
      'Argo Pulse refused POST /expectations (403): Not allowed: argo-pulse.expectation.create on component:default/payments-api',
    ],
    [
      'an entity the catalog does not know',
      undefined,
      'no-such-service',
      'Argo Pulse refused POST /expectations (404): No entity component:default/no-such-service',
    ],
  ])(
    "fails the step with Argo Pulse's refusal for %s",
    async (_what, user, entityRef, message) => {
      const step = await runStep(
        action().action,
        { entityRef, images: ['ghcr.io/acme/payments-api:2.1.0'] },
        { user },
      );
      expect(step.error?.message).toBe(message);
      expect(step.outputs).toEqual({});
    },
  );

  it('stops waiting when the task is cancelled', async () => {
    const cancel = new AbortController();
    const { action: expectAction } = action(() => cancel.abort());

    const step = await runStep(
      expectAction,
      {
        entityRef: 'notifications-worker',
        instances: ['dev'],
        images: ['acme/notifications-worker:2.2.0'],
      },
      { signal: cancel.signal },
    );

    expect(step.error?.message).toBe(
      'The task was cancelled while waiting for the verdict',
    );
  });
});
