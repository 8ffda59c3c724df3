import { mockServices } from '@backstage/backend-test-utils';
import type { ArgoCdClient } from '../argocd/ArgoCdClient';
import { ArgoCdRequestError } from '../argocd/ArgoCdRequestError';
import { DatabaseArgoPulseStore } from '../database/DatabaseArgoPulseStore';
import { describeOnEachDatabase } from '../testing/eachDatabase';
import * as prod from '../testing/prodInstance';
import { DetailReader } from './DetailReader';
import { METADATA, TREE } from '../testing/argoCdEndpoints';

describeOnEachDatabase('DetailReader on %s', database => {
  const simulator = prod.simulatorForEachTest();
  beforeEach(() => {
    simulator
      .instance('prod')
      .generateApplications({ count: 30, prefix: 'svc' });
  });

  /** A store holding the overview of every application, with their detail pending. */
  async function polled(client?: ArgoCdClient) {
    const store = await DatabaseArgoPulseStore.create({
      database: await database.service(),
    });
    const real = prod.client(simulator);
    await prod.poller({ client: real, store }).poll();
    simulator.instance('prod').counters.reset();
    return {
      store,
      reader: new DetailReader({
        client: client ?? real,
        store,
        logger: mockServices.logger.mock(),
      }),
    };
  }
  const count = (endpoint: string) => prod.requestCount(simulator, endpoint);

  it('reads the tree and the commit of every pending application once, and nothing more on the next run', async () => {
    const { store, reader } = await polled();
    expect(await store.listDetailPending('prod', 100)).toHaveLength(30);
    expect(await reader.readPending()).toBe(30);
    expect([count(TREE), count(METADATA)]).toEqual([30, 30]);
    expect(await store.listDetailPending('prod', 100)).toEqual([]);
    const [app] = await store.getApplications([
      { instance: 'prod', namespace: 'argocd', name: 'svc-00001' },
    ]);
    expect(app.snapshot.resources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'Deployment',
          images: [expect.stringMatching(/svc-00001:/)],
        }),
      ]),
    );
    simulator.instance('prod').counters.reset();
    expect(await reader.readPending()).toBe(0);
    expect([count(TREE), count(METADATA)]).toEqual([0, 0]);
  });

  it('stops at its deadline and leaves the rest pending for the next run', async () => {
    const { store, reader } = await polled();
    await simulator.instance('prod').faults.set({ latencyMs: 150 });
    const stored = await reader.readPending(AbortSignal.timeout(700));
    simulator.instance('prod').faults.clear();
    expect(stored).toBeLessThan(30);
    expect(await store.listDetailPending('prod', 100)).toHaveLength(
      30 - stored,
    );
    expect(await reader.readPending()).toBe(30 - stored);
  });

  const refusal = new ArgoCdRequestError({
    instance: 'prod',
    endpoint: METADATA,
    message: '404 reference not found',
    kind: 'status',
    status: 404,
    retryable: false,
  });
  const outage = new ArgoCdRequestError({
    instance: 'prod',
    endpoint: METADATA,
    message: '503 unavailable',
    kind: 'status',
    status: 503,
    retryable: true,
  });

  it.each([
    [
      'records a refusal (4xx), so the revision is never asked for again',
      refusal,
      30,
    ],
    [
      'does not record a transient failure (5xx), so the revision is asked for again later',
      outage,
      0,
    ],
  ])('%s', async (_what, error, known) => {
    const real = prod.client(simulator);
    const failingMetadata = Object.assign(Object.create(real), {
      getRevisionMetadata: async () => {
        throw error;
      },
    }) as ArgoCdClient;
    const { store, reader } = await polled(failingMetadata);
    await reader.readPending();
    const keys = (
      await store.getApplications([
        { instance: 'prod', namespace: 'argocd', name: 'svc-00001' },
      ])
    ).map(a => a.snapshot);
    const newest = await store.getNewestDeployments(keys);
    const revision = [...newest.values()][0].revisions[0];
    expect(
      await store.getKnownCommitRevisions([{ key: keys[0], revision }]),
    ).toHaveProperty('size', known ? 1 : 0);
    // Either way the tree was read: the application's detail is no longer pending.
    expect(await store.listDetailPending('prod', 100)).toEqual([]);
  });
});
