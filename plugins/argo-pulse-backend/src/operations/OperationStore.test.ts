import { DatabaseArgoPulseStore } from '../database/DatabaseArgoPulseStore';
import { describeOnEachDatabase } from '../testing/eachDatabase';
import { OperationStore } from './OperationStore';

const APP = {
  instance: 'prod',
  namespace: 'argocd',
  name: 'payments-api-prod',
};
const request = (requestedAt: string, userRef = 'user:default/alice') => ({
  ...APP,
  action: 'sync' as const,
  userRef,
  entityRef: 'component:default/payments-api',
  requestedAt,
});
const window = (now: string) => ({
  answeredSince: new Date(Date.parse(now) - 10_000).toISOString(),
  pendingSince: new Date(Date.parse(now) - 120_000).toISOString(),
});

describeOnEachDatabase(
  'the operations started from Backstage on %s',
  database => {
    /** Two replicas' stores on one database, migrated. */
    async function twoReplicas() {
      const service = await database.service();
      await DatabaseArgoPulseStore.create({ database: service });
      const db = await service.getClient();
      return [new OperationStore(db), new OperationStore(db)] as const;
    }

    it('refuses a request on one replica while the same one is pending on another, and says which', async () => {
      const [a, b] = await twoReplicas();
      const now = '2026-12-01T10:00:00.000Z';
      const first = await a.begin(request(now), window(now));
      expect(first.started).toBeDefined();
      const second = await b.begin(
        request('2026-12-01T10:00:01.000Z'),
        window('2026-12-01T10:00:01.000Z'),
      );
      expect(second.started).toBeUndefined();
      expect(second.earlier).toMatchObject({
        id: first.started!.id,
        outcome: 'pending',
        requestedAt: now,
      });
    });

    it('holds the limit for 10 s after a success, not after a failure, and never for another user', async () => {
      const [store] = await twoReplicas();
      const t0 = '2026-12-01T10:00:00.000Z';
      const first = await store.begin(request(t0), window(t0));
      await store.finish(first.started!.id, {
        outcome: 'started',
        at: '2026-12-01T10:00:01.000Z',
      });
      const t1 = '2026-12-01T10:00:09.000Z';
      expect(
        (await store.begin(request(t1), window(t1))).started,
      ).toBeUndefined();
      expect(
        (await store.begin(request(t1, 'user:default/carol'), window(t1)))
          .started,
      ).toBeDefined();
      const t2 = '2026-12-01T10:00:12.000Z';
      const later = await store.begin(request(t2), window(t2));
      expect(later.started).toBeDefined();
      await store.finish(later.started!.id, {
        outcome: 'failed',
        at: t2,
        error: 'refused',
      });
      const t3 = '2026-12-01T10:00:13.000Z';
      expect(
        (await store.begin(request(t3), window(t3))).started,
      ).toBeDefined();
      expect(
        (
          await store.startedOperations([APP], {
            from: '2026-12-01T09:00:00.000Z',
            to: '2026-12-01T11:00:00.000Z',
          })
        ).map(o => o.requestedAt),
      ).toEqual([t0]);
    });
  },
);
