import type {
  ArgoPulseExpectation,
  EntityApplicationsResponse,
} from '@argo-pulse/backstage-plugin-common';
import { waitFor } from '@argo-pulse/test-support';
import { describeOnEachDatabase } from './testing/eachDatabase';
import { pluginForAllTests, rollOut } from './testing/pluginHarness';

describeOnEachDatabase('polling.mode stream on %s', database => {
  // The test scheduler runs no poll by itself: everything below comes from the stream watcher.
  const harness = pluginForAllTests(database, {
    config: { polling: { mode: 'stream' } },
  });

  const prodApp = async () => {
    const body = (
      await harness.get('/entities/component/default/payments-api/applications')
    ).body as EntityApplicationsResponse;
    return body.applications.find(a => a.instance === 'prod');
  };

  it('lists each instance once, then takes an expectation to deployed from the event stream alone', async () => {
    await waitFor(
      'the first list of every instance',
      async () => (await prodApp()) !== undefined,
      10_000,
    );
    await waitFor(
      'a stream per instance',
      async () =>
        ['dev', 'staging', 'prod'].every(
          i => harness.simulator.instance(i).openStreams.size === 1,
        ),
      10_000,
    );
    harness.resetRequests();

    const posted = await harness.post('/expectations', {
      entityRef: 'component:default/payments-api',
      instances: ['prod'],
      images: ['ghcr.io/acme/payments-api:3.0.0'],
    });
    expect(posted.status).toBe(202);
    rollOut(
      harness,
      'prod',
      'payments-api-prod',
      { images: ['ghcr.io/acme/payments-api:3.0.0'] },
      3,
    );

    let state = 'pending';
    await waitFor(
      'the expectation to resolve',
      async () => {
        state = (
          (await harness.get(`/expectations/${posted.body.id}`))
            .body as ArgoPulseExpectation
        ).state;
        return state !== 'pending';
      },
      10_000,
    );
    expect(state).toBe('deployed');
    expect(await prodApp()).toMatchObject({
      images: ['ghcr.io/acme/payments-api:3.0.0'],
    });
    expect(
      harness.requests('prod')['GET /api/v1/applications'],
    ).toBeUndefined();
  });
});
