import type { EventParams } from '@backstage/plugin-events-node';
import {
  applicationSignalKey,
  ARGO_PULSE_SIGNAL_CHANNEL,
  ArgoPulseSignal,
  entitySignalKey,
} from '@argo-pulse/backstage-plugin-common';
import {
  createTestDatabases,
  startPluginWithSimulator,
} from '@argo-pulse/test-support';

const databases = createTestDatabases();
const payments = {
  instance: 'prod',
  namespace: 'argocd',
  name: 'payments-api-prod',
};

/** Live updates through the real plugin: every stored change is signalled once it is stored. */
describe.each(databases.eachSupportedId())(
  'change signals on %s',
  databaseId => {
    let harness: Awaited<ReturnType<typeof startPluginWithSimulator>>;
    beforeAll(async () => {
      harness = await startPluginWithSimulator({ databases, databaseId });
      await harness.poll();
    });
    afterAll(() => harness.stop());

    /** The Argo Pulse signals sent since the last call (the signals service publishes them as events on topic `signals`). */
    function takeSignals(): ArgoPulseSignal[] {
      const calls = harness.events.publish.mock.calls as Array<[EventParams]>;
      const signals = calls
        .map(([event]) => event)
        .filter(
          event =>
            event.topic === 'signals' &&
            (event.eventPayload as { channel: string }).channel ===
              ARGO_PULSE_SIGNAL_CHANNEL,
        )
        .map(
          event => (event.eventPayload as { message: ArgoPulseSignal }).message,
        );
      harness.events.publish.mockClear();
      return signals;
    }

    it('a rollout stored by a poll, its detail, and an expectation posted and resolved are each signalled', async () => {
      takeSignals();
      const posted = await harness.post('/expectations', {
        entityRef: 'component:default/payments-api',
        instances: ['prod'],
        images: ['ghcr.io/acme/payments-api:4.0.0'],
      });
      expect(posted.status).toBe(202);
      expect(takeSignals()).toEqual([
        {
          entities: [entitySignalKey('component:default/payments-api')],
          applications: [applicationSignalKey(payments)],
        },
      ]);

      const prod = harness.simulator.instance('prod');
      prod.rollout('payments-api-prod', {
        images: ['ghcr.io/acme/payments-api:4.0.0'],
        manual: true,
      });
      while (
        !prod.rollouts.advance(prod.application('payments-api-prod'))!.done
      );
      await harness.poll('prod');
      const signals = takeSignals();
      const aboutPayments = signals.filter(s =>
        s.applications?.includes(applicationSignalKey(payments)),
      );
      // The poll's batch, the detail read after it, and the expectation's resolution.
      expect(aboutPayments.length).toBe(3);
      expect(
        signals.filter(s =>
          s.entities?.includes(
            entitySignalKey('component:default/payments-api'),
          ),
        ),
      ).toHaveLength(1);
    });

    it('a poll that changes nothing sends nothing; an instance going down and coming back is signalled once each way', async () => {
      await harness.poll();
      takeSignals();
      await harness.poll();
      expect(takeSignals()).toEqual([]);

      const staging = harness.simulator.instance('staging');
      staging.faults.set({ errorRate: 1, errorStatus: 503 });
      await harness.poll('staging');
      await harness.poll('staging');
      expect(takeSignals()).toEqual([{ instances: ['staging'] }]);
      staging.faults.clear();
      await harness.poll('staging');
      expect(takeSignals()).toEqual([{ instances: ['staging'] }]);
    });
  },
);
