import { mockCredentials } from '@backstage/backend-test-utils';
import type { EventParams } from '@backstage/plugin-events-node';
import type { SignalPayload } from '@backstage/plugin-signals-node';
import {
  ARGO_PULSE_SIGNAL_CHANNEL,
  ArgoPulseSignal,
  entitySignalKey,
} from '@argo-pulse/backstage-plugin-common';
import { describeOnEachDatabase } from './testing/eachDatabase';
import { pluginForAllTests, rollOut } from './testing/pluginHarness';

const PAYMENTS = 'component:default/payments-api';
const CHECKOUT = 'component:default/checkout-web';
/** Who the harness reads as. */
const READER = mockCredentials.user().principal.userEntityRef;

/** Live updates through the real plugin: a stored change is signalled to the entity's readers, and only to them. */
describeOnEachDatabase('change signals on %s', database => {
  const harness = pluginForAllTests(database);
  beforeAll(() => harness.poll());

  /** The Argo Pulse signals sent since the last call (the signals service publishes them as events on topic `signals`). */
  function takeSignals(): Array<SignalPayload<ArgoPulseSignal>> {
    const calls = harness.events.publish.mock.calls as Array<[EventParams]>;
    const signals = calls
      .map(([event]) => event)
      .filter(
        event =>
          event.topic === 'signals' &&
          (event.eventPayload as SignalPayload).channel ===
            ARGO_PULSE_SIGNAL_CHANNEL,
      )
      .map(event => event.eventPayload as SignalPayload<ArgoPulseSignal>);
    harness.events.publish.mockClear();
    return signals;
  }
  const about = (entityRef: string) => ({
    recipients: { type: 'user', entityRef: [READER] },
    channel: ARGO_PULSE_SIGNAL_CHANNEL,
    message: { entities: [entitySignalKey(entityRef)] },
  });
  async function read(entityRef: string) {
    const [kind, rest] = entityRef.split(':');
    const response = await harness.get(
      `/entities/${kind}/${rest}/applications`,
    );
    expect(response.status).toBe(200);
  }

  it("a rollout stored by a poll, its detail, and an expectation posted and resolved are each signalled to the entity's reader", async () => {
    await read(PAYMENTS);
    takeSignals();
    const posted = await harness.post('/expectations', {
      entityRef: PAYMENTS,
      instances: ['prod'],
      images: ['ghcr.io/acme/payments-api:4.0.0'],
    });
    expect(posted.status).toBe(202);
    expect(takeSignals()).toEqual([about(PAYMENTS)]);

    rollOut(harness, 'prod', 'payments-api-prod', {
      images: ['ghcr.io/acme/payments-api:4.0.0'],
    });
    await harness.poll('prod');
    // The poll's batch, the detail read after it, and the expectation's resolution.
    expect(takeSignals()).toEqual([
      about(PAYMENTS),
      about(PAYMENTS),
      about(PAYMENTS),
    ]);
  });

  it('an entity nobody read is never signalled, and no signal names an application', async () => {
    takeSignals();
    rollOut(harness, 'staging', 'checkout-web-staging', {
      images: ['ghcr.io/acme/checkout-web:9.0.0'],
    });
    await harness.poll('staging');
    const sent = takeSignals();
    expect(
      sent.filter(s => s.message.entities?.includes(entitySignalKey(CHECKOUT))),
    ).toEqual([]);
    expect(JSON.stringify(sent)).not.toMatch(/checkout|payments-api/);
  });

  it("a poll that changes nothing sends nothing; an instance going down and coming back is signalled once each way to its entities' readers", async () => {
    await read(PAYMENTS);
    await harness.poll();
    takeSignals();
    await harness.poll();
    expect(takeSignals()).toEqual([]);

    const staging = harness.simulator.instance('staging');
    staging.faults.set({ errorRate: 1, errorStatus: 503 });
    await harness.poll('staging');
    await harness.poll('staging');
    expect(takeSignals()).toEqual([about(PAYMENTS)]);
    staging.faults.clear();
    await harness.poll('staging');
    expect(takeSignals()).toEqual([about(PAYMENTS)]);
  });
});
