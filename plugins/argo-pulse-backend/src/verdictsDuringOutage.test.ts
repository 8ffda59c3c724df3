import type { ArgoPulseExpectation } from '@argo-pulse/backstage-plugin-common';
import { describeOnEachDatabase } from './testing/eachDatabase';
import { expectationOnce, pluginForAllTests } from './testing/pluginHarness';

/** While Argo CD cannot be read, verdicts say so instead of describing what was last seen. */
describeOnEachDatabase(
  'verdicts while an instance is unreachable, on %s',
  database => {
    const harness = pluginForAllTests(database);
    beforeAll(() => harness.poll());

    it('a pending expectation names the outage first; a deadline during it fails instance-unreachable', async () => {
      const posted = await harness.post('/expectations', {
        entityRef: 'payments-api',
        instances: ['staging'],
        images: ['ghcr.io/acme/payments-api:5.0.0'],
        // Long enough for the poll below (refused connections, retried with backoff) to fit in it on a loaded machine.
        timeoutSeconds: 6,
      });
      expect(posted.status).toBe(202);
      harness.simulator
        .instance('staging')
        .faults.set({ refuseConnections: true });
      await harness.poll('staging');

      const pending = (await harness.get(`/expectations/${posted.body.id}`))
        .body as ArgoPulseExpectation;
      expect(pending.state).toBe('pending');
      expect(pending.waitingFor![0]).toMatch(
        /^instance staging unreachable \(last refreshed \d{4}-.+Z\): .*cannot connect/,
      );

      const failed = await expectationOnce(harness, posted.body.id, 'failed');
      expect(failed).toMatchObject({
        reason: 'instance-unreachable',
        message: expect.stringMatching(
          /^Not deployed by the deadline while Argo CD could not be read: instance staging unreachable/,
        ),
      });
      harness.simulator.instance('staging').faults.clear();
    });
  },
);
