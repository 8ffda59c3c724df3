import { mockServices } from '@backstage/backend-test-utils';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import { createArgoPulseMetrics } from '../metrics/argoPulseMetrics';
import { DatabaseExpectationStore } from './DatabaseExpectationStore';
import { ExpectationService } from './ExpectationService';
import { newExpectationRecord } from './newExpectationRecord';
import { describeOnEachDatabase } from '../testing/eachDatabase';

const API = { instance: 'prod', namespace: 'argocd', name: 'api-prod' };

/** The service over a real expectation store and a store of applications that knows none. */
function serviceOver(store: DatabaseExpectationStore, now: () => Date) {
  const applications = {
    getApplications: async () => [],
    getDeployments: async () => ({ items: [], total: 0 }),
    getInstanceStatuses: async () => [],
  } as unknown as ArgoPulseStore;
  return new ExpectationService({
    now,
    store,
    applications,
    config: {
      defaultTimeoutMs: 600_000,
      maxTimeoutMs: 86_400_000,
      degradedGraceMs: 120_000,
      appMissingGraceMs: 120_000,
      acceptSuspended: false,
    },
    instances: new Map(),
    logger: mockServices.logger.mock(),
    metrics: createArgoPulseMetrics(),
  });
}

describeOnEachDatabase('ExpectationService on %s', database => {
  it('two posts that missed each other at insert (two replicas at once): the newer supersedes the older at the next evaluation', async () => {
    const knex = await database.knex();
    const store = await DatabaseExpectationStore.create({
      database: mockServices.database({ knex }),
    });
    const at = (ms: number) =>
      new Date(Date.parse('2026-11-22T10:00:00.000Z') + ms);
    const service = serviceOver(store, () => at(1000));
    const older = newExpectationRecord({
      targets: [API],
      images: ['ghcr.io/acme/api:1.1.0'],
      timeoutMs: 600_000,
      now: at(0),
    });
    const newer = newExpectationRecord({
      targets: [API],
      images: ['ghcr.io/acme/api:1.2.0'],
      timeoutMs: 600_000,
      now: at(5),
    });
    const other = newExpectationRecord({
      targets: [API],
      images: ['ghcr.io/acme/worker:1.0.0'],
      timeoutMs: 600_000,
      now: at(10),
    });
    for (const record of [older, newer, other])
      await store.insert(record, { supersedes: () => false });

    await service.evaluateApplications([API]);
    expect(await store.get(older.id)).toMatchObject({
      state: 'superseded',
      supersededBy: newer.id,
    });
    expect((await store.get(newer.id))!.state).toBe('pending');
    expect((await store.get(other.id))!.state).toBe('pending');
  });

  it('an evaluation that finds nothing new writes nothing (the minute sweep on every replica)', async () => {
    const knex = await database.knex();
    const store = await DatabaseExpectationStore.create({
      database: mockServices.database({ knex }),
    });
    const service = serviceOver(
      store,
      () => new Date('2026-11-22T10:00:01.000Z'),
    );
    const record = newExpectationRecord({
      targets: [API],
      images: ['ghcr.io/acme/api:1.1.0'],
      timeoutMs: 600_000,
      now: new Date('2026-11-22T10:00:00.000Z'),
    });
    await store.insert(record, { supersedes: () => false });
    const updatePending = vi.spyOn(store, 'updatePending');
    await service.evaluatePending(); // the first evaluation records what it waits for
    expect(updatePending).toHaveBeenCalledTimes(1);
    await service.evaluatePending();
    await service.evaluatePending();
    expect(updatePending).toHaveBeenCalledTimes(1);
    expect((await store.get(record.id))!.state).toBe('pending');
  });
});
