import { mockServices } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import { DatabaseExpectationStore } from './DatabaseExpectationStore';
import type { ExpectationRecord } from './types';
import { describeOnEachDatabase } from '../testing/eachDatabase';

const API = { instance: 'prod', namespace: 'argocd', name: 'api-prod' };
const WORKER = { instance: 'prod', namespace: 'argocd', name: 'worker-prod' };

function record(
  id: string,
  overrides: Partial<ExpectationRecord> = {},
): ExpectationRecord {
  return {
    id,
    entityRef: 'component:default/api',
    targets: [API],
    images: ['ghcr.io/acme/api:1.1.0'],
    state: 'pending',
    createdAt: '2026-11-22T10:00:00.000Z',
    deadlineAt: '2026-11-22T10:10:00.000Z',
    nextCheckAt: '2026-11-22T10:10:00.000Z',
    progress: {},
    ...overrides,
  };
}
const uuid = (n: number) =>
  `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const never = () => false;

describeOnEachDatabase('DatabaseExpectationStore on %s', database => {
  let store: DatabaseExpectationStore;
  let knex: Knex;

  beforeEach(async () => {
    knex = await database.knex();
    store = await DatabaseExpectationStore.create({
      database: mockServices.database({ knex }),
    });
  });

  it('stores posts one at a time across replicas: each supersedes all stored before it, and the last stored stays pending', async () => {
    // A second replica has a connection pool of its own; SQLite has one process only.
    const second = database.databaseId.startsWith('POSTGRES')
      ? knexFactory(knex.client.config)
      : knex;
    const replicas = [
      store,
      await DatabaseExpectationStore.create({
        database: mockServices.database({ knex: second }),
      }),
    ];
    try {
      // Replicas' clocks disagree: some posts carry an earlier time than ones stored before them.
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          replicas[i % 2].insert(
            record(uuid(i + 1), {
              createdAt: `2026-11-22T10:00:00.0${String((i * 7) % 20).padStart(
                2,
                '0',
              )}Z`,
            }),
            { supersedes: () => true },
          ),
        ),
      );
      const stored = await store.getMany(
        Array.from({ length: 20 }, (_, i) => uuid(i + 1)),
      );
      const bySequence = [...stored].sort((a, b) => a.sequence! - b.sequence!);
      expect(bySequence.map(r => r.sequence)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      const pending = stored.filter(r => r.state === 'pending');
      expect(pending.map(r => r.id)).toEqual([bySequence[19].id]);
      // Each is superseded by the very next one stored, which reads as posted no earlier.
      for (const [index, older] of bySequence.slice(0, 19).entries()) {
        const newer = bySequence[index + 1];
        expect(older).toMatchObject({
          state: 'superseded',
          supersededBy: newer.id,
        });
        expect(newer.createdAt >= older.createdAt).toBe(true);
      }
      expect(
        outcomes.flatMap(o => (o.kind === 'created' ? o.superseded : [])),
      ).toHaveLength(19);
    } finally {
      if (second !== knex) await second.destroy();
    }
  });

  it('stores and reads back an expectation with its targets in order', async () => {
    const stored = record(uuid(1), {
      targets: [WORKER, API],
      revision: 'abc',
      author: 'Ada',
      runUrl: 'https://ci/1',
      createdBy: 'user:default/ada',
    });
    await store.insert(stored, { supersedes: never });
    expect(await store.get(uuid(1))).toEqual({ ...stored, sequence: 1 });
    expect(await store.get(uuid(2))).toBeUndefined();
  });

  it('resolves exactly once, however many evaluators race', async () => {
    await store.insert(record(uuid(1)), { supersedes: never });
    const attempts = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        store.resolve(
          uuid(1),
          i % 2
            ? {
                state: 'deployed',
                deployments: [],
                resolvedAt: `2026-11-22T10:0${i}:00.000Z`,
              }
            : {
                state: 'failed',
                reason: 'timeout',
                message: 'late',
                resolvedAt: `2026-11-22T10:0${i}:00.000Z`,
              },
        ),
      ),
    );
    const winners = attempts.filter(a => a !== undefined);
    expect(winners).toHaveLength(1);
    expect(await store.get(uuid(1))).toEqual(winners[0]);
    await store.updatePending(uuid(1), {
      progress: { x: {} },
      waitingFor: ['x'],
      nextCheckAt: '2026-11-22T11:00:00.000Z',
      evaluatedAt: '2026-11-22T10:00:00.000Z',
    });
    expect((await store.get(uuid(1)))!.progress).toEqual({});
  });

  it('an idempotency key answers the first record and stores nothing new', async () => {
    const first = record(uuid(1), {
      idempotencyKey: 'ci-run-7',
      requestHash: 'h1',
    });
    expect(await store.insert(first, { supersedes: never })).toMatchObject({
      kind: 'created',
    });
    const again = await store.insert(
      record(uuid(2), { idempotencyKey: 'ci-run-7', requestHash: 'h2' }),
      { supersedes: never },
    );
    expect(again).toEqual({
      kind: 'existing',
      record: { ...first, sequence: 1 },
    });
    expect(await store.get(uuid(2))).toBeUndefined();
  });

  it('concurrent inserts under one key: one record, both answered with it', async () => {
    const results = await Promise.all(
      [uuid(1), uuid(2)].map(id =>
        store.insert(record(id, { idempotencyKey: 'same' }), {
          supersedes: never,
        }),
      ),
    );
    const ids = results.map(r => r.record.id);
    expect(ids[0]).toBe(ids[1]);
  });

  it('supersedes older pending expectations on a shared application when asked, in the same insert', async () => {
    await store.insert(record(uuid(1)), { supersedes: never });
    await store.insert(record(uuid(2), { targets: [WORKER] }), {
      supersedes: never,
    });
    const outcome = await store.insert(
      record(uuid(3), { createdAt: '2026-11-22T10:05:00.000Z' }),
      {
        supersedes: older => older.images.includes('ghcr.io/acme/api:1.1.0'),
      },
    );
    expect(outcome).toMatchObject({
      kind: 'created',
      superseded: [{ id: uuid(1), state: 'superseded', supersededBy: uuid(3) }],
    });
    expect(await store.get(uuid(1))).toMatchObject({
      state: 'superseded',
      supersededBy: uuid(3),
      resolvedAt: '2026-11-22T10:05:00.000Z',
    });
    expect((await store.get(uuid(2)))!.state).toBe('pending');
  });

  it('finds pending expectations by application, and the due ones by next check', async () => {
    await store.insert(
      record(uuid(1), { nextCheckAt: '2026-11-22T10:01:00.000Z' }),
      { supersedes: never },
    );
    await store.insert(
      record(uuid(2), {
        targets: [WORKER],
        nextCheckAt: '2026-11-22T10:02:00.000Z',
      }),
      { supersedes: never },
    );
    await store.insert(
      record(uuid(3), {
        targets: [WORKER],
        nextCheckAt: '2026-11-22T10:00:30.000Z',
      }),
      { supersedes: never },
    );
    await store.resolve(uuid(3), {
      state: 'cancelled',
      message: 'no',
      resolvedAt: '2026-11-22T10:00:10.000Z',
    });
    expect((await store.listPendingFor([WORKER])).map(r => r.id)).toEqual([
      uuid(2),
    ]);
    expect(
      (await store.listPendingFor([API, WORKER])).map(r => r.id).sort(),
    ).toEqual([uuid(1), uuid(2)]);
    expect(await store.earliestNextCheck()).toBe('2026-11-22T10:01:00.000Z');
    expect(
      (await store.listDue('2026-11-22T10:01:30.000Z')).map(r => r.id),
    ).toEqual([uuid(1)]);
    expect((await store.listPending()).map(r => r.id)).toEqual([
      uuid(1),
      uuid(2),
    ]);
  });

  it("lists an entity's expectations newest first, by state, with a total", async () => {
    for (let i = 1; i <= 3; i++)
      await store.insert(
        record(uuid(i), { createdAt: `2026-11-22T10:0${i}:00.000Z` }),
        { supersedes: never },
      );
    await store.resolve(uuid(2), {
      state: 'cancelled',
      message: 'no',
      resolvedAt: '2026-11-22T10:04:00.000Z',
    });
    expect(
      await store.listForEntity('component:default/api', {
        limit: 2,
        offset: 0,
      }),
    ).toMatchObject({ total: 3, items: [{ id: uuid(3) }, { id: uuid(2) }] });
    expect(
      await store.listForEntity('component:default/api', {
        states: ['pending'],
        limit: 10,
        offset: 0,
      }),
    ).toMatchObject({ total: 2, items: [{ id: uuid(3) }, { id: uuid(1) }] });
  });

  it('prunes resolved expectations past the cutoff with their targets, never pending ones', async () => {
    await store.insert(record(uuid(1)), { supersedes: never });
    await store.insert(record(uuid(2)), { supersedes: never });
    await store.insert(record(uuid(3)), { supersedes: never });
    await store.resolve(uuid(1), {
      state: 'cancelled',
      message: 'old',
      resolvedAt: '2026-01-01T00:00:00.000Z',
    });
    await store.resolve(uuid(2), {
      state: 'cancelled',
      message: 'recent',
      resolvedAt: '2026-11-20T00:00:00.000Z',
    });
    expect(await store.pruneResolved('2026-06-01T00:00:00.000Z')).toBe(1);
    expect(await store.get(uuid(1))).toBeUndefined();
    expect((await store.get(uuid(2)))!.state).toBe('cancelled');
    expect((await store.listPendingFor([API])).map(r => r.id)).toEqual([
      uuid(3),
    ]);
  });
});
