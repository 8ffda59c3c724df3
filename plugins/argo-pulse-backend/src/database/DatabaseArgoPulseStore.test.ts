import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseArgoPulseStore } from './DatabaseArgoPulseStore';
import type {
  ApplicationKey,
  ApplicationSnapshot,
  CommitRecord,
  DeploymentRecord,
  StoredApplication,
} from './types';
import { describeOnEachDatabase, TestDatabase } from '../testing/eachDatabase';
import { deploymentRecord } from '../testing/records';

function snapshot(
  name: string,
  overrides: Partial<ApplicationSnapshot> = {},
): ApplicationSnapshot {
  return {
    instance: 'prod',
    namespace: 'argocd',
    name,
    project: 'default',
    labels: { app: name },
    sync: { status: 'Synced', revisions: ['abc'] },
    health: { status: 'Healthy' },
    images: [`${name}:1`],
    sources: [{ repoURL: 'https://git.example.com/deploy.git', path: name }],
    destination: { namespace: name },
    conditions: [],
    ...overrides,
  };
}

function deployment(
  application: string,
  historyId: number,
  finishedAt: string,
  overrides: Partial<DeploymentRecord> = {},
): DeploymentRecord {
  return deploymentRecord(application, {
    historyId,
    revisions: [`rev-${historyId}`],
    finishedAt,
    ...overrides,
  });
}

/** What one whole poll used to write in one go: overview, removals, commits and the instance's success. */
interface PollWrite {
  instance: string;
  finishedAt: string;
  durationMs: number;
  applicationCount: number;
  changed: StoredApplication[];
  removed: ApplicationKey[];
  deployments: DeploymentRecord[];
  commits: CommitRecord[];
}

function poll(overrides: Partial<PollWrite>): PollWrite {
  return {
    instance: 'prod',
    finishedAt: '2026-11-22T10:00:00.000Z',
    durationMs: 12.3,
    applicationCount: 0,
    changed: [],
    removed: [],
    deployments: [],
    commits: [],
    ...overrides,
  };
}

async function applyPoll(store: DatabaseArgoPulseStore, p: PollWrite) {
  await store.writeOverviewBatch({
    instance: p.instance,
    applications: p.changed,
    deployments: p.deployments,
  });
  await store.markRemoved(p.removed, p.finishedAt);
  if (p.commits.length) {
    await store.applyDetail(
      [
        {
          key: { instance: p.instance, namespace: 'argocd', name: 'none' },
          fingerprint: 'none',
          commits: p.commits,
        },
      ],
      p.finishedAt,
    );
  }
  await store.recordPollSuccess({
    instance: p.instance,
    at: p.finishedAt,
    applicationCount: p.applicationCount,
    durationMs: p.durationMs,
  });
}

async function createStore(database: TestDatabase) {
  return DatabaseArgoPulseStore.create({ database: await database.service() });
}

describeOnEachDatabase('DatabaseArgoPulseStore on %s', database => {
  it('keeps snapshots, fingerprints and removals', async () => {
    const store = await createStore(database);
    await applyPoll(
      store,
      poll({
        applicationCount: 2,
        changed: [
          {
            snapshot: snapshot('api', { labels: { team: 'a' } }),
            fingerprint: 'f1',
            observedAt: '2026-11-22T10:00:00.000Z',
          },
          {
            snapshot: snapshot('web'),
            fingerprint: 'f2',
            observedAt: '2026-11-22T10:00:00.000Z',
          },
        ],
      }),
    );
    expect(await store.getFingerprints('prod')).toEqual(
      new Map([
        ['prod/argocd/api', 'f1'],
        ['prod/argocd/web', 'f2'],
      ]),
    );
    expect(await store.listApplicationIndex({ instances: ['prod'] })).toEqual([
      {
        instance: 'prod',
        namespace: 'argocd',
        name: 'api',
        project: 'default',
        labels: { team: 'a' },
      },
      {
        instance: 'prod',
        namespace: 'argocd',
        name: 'web',
        project: 'default',
        labels: { app: 'web' },
      },
    ]);
    // More names than PostgreSQL (65,535) or SQLite (32,766) take as parameters of one statement.
    const names = Array.from({ length: 70_001 }, (_, i) => `app-${i}`);
    expect(
      (
        await store.listApplicationIndex({ names: [...names, 'web', 'api'] })
      ).map(a => a.name),
    ).toEqual(['api', 'web']);

    await applyPoll(
      store,
      poll({
        applicationCount: 1,
        removed: [{ instance: 'prod', namespace: 'argocd', name: 'web' }],
      }),
    );
    expect([...(await store.getFingerprints('prod')).keys()]).toEqual([
      'prod/argocd/api',
    ]);
    expect(
      await store.getApplications([
        { instance: 'prod', namespace: 'argocd', name: 'web' },
      ]),
    ).toEqual([]);
    const [api] = await store.getApplications([
      { instance: 'prod', namespace: 'argocd', name: 'api' },
    ]);
    expect(api.snapshot).toEqual(snapshot('api', { labels: { team: 'a' } }));

    // An application that comes back is present again.
    await applyPoll(
      store,
      poll({
        changed: [
          {
            snapshot: snapshot('web'),
            fingerprint: 'f3',
            observedAt: '2026-11-22T10:01:00.000Z',
          },
        ],
      }),
    );
    expect((await store.getFingerprints('prod')).get('prod/argocd/web')).toBe(
      'f3',
    );
  });

  it('keeps deployment history durably, newest first, paginated, with commits', async () => {
    const store = await createStore(database);
    const deployments = Array.from({ length: 12 }, (_, i) =>
      deployment(
        'api',
        i,
        `2026-11-${String(i + 1).padStart(2, '0')}T00:00:00.000Z`,
      ),
    );
    const commit = {
      instance: 'prod',
      namespace: 'argocd',
      application: 'api',
      revision: 'rev-9',
      author: 'Ada',
      message: 'ship it',
      committedAt: '2026-11-09T23:00:00.000Z',
    };
    await applyPoll(
      store,
      poll({
        deployments: deployments.slice(0, 10),
        commits: [commit],
      }),
    );
    // Argo CD's window moved on: entries 0 and 1 are gone from it, but not from the store.
    await applyPoll(store, poll({ deployments: deployments.slice(2) }));
    const keys = [{ instance: 'prod', namespace: 'argocd', name: 'api' }];
    const first = await store.getDeployments(keys, { limit: 5, offset: 0 });
    expect(first.total).toBe(12);
    expect(first.items.map(d => d.historyId)).toEqual([11, 10, 9, 8, 7]);
    expect(first.items[2].commits).toEqual([commit]);
    const last = await store.getDeployments(keys, { limit: 5, offset: 10 });
    expect(last.items.map(d => d.historyId)).toEqual([1, 0]);
  });

  it('replaces images only with settled ones', async () => {
    const store = await createStore(database);
    const keys = [{ instance: 'prod', namespace: 'argocd', name: 'api' }];
    const at = '2026-11-22T09:00:00.000Z';
    await applyPoll(
      store,
      poll({
        deployments: [deployment('api', 1, at, { images: ['api:1', 'api:2'] })],
      }),
    );
    await applyPoll(
      store,
      poll({
        deployments: [deployment('api', 1, at, { images: ['api:1'] })],
      }),
    );
    expect(
      (await store.getDeployments(keys, { limit: 1, offset: 0 })).items[0]
        .images,
    ).toEqual(['api:1', 'api:2']);
    await applyPoll(
      store,
      poll({
        deployments: [
          deployment('api', 1, at, {
            images: ['api:2'],
            imagesSettled: true,
          }),
        ],
      }),
    );
    expect(
      (await store.getDeployments(keys, { limit: 1, offset: 0 })).items[0]
        .images,
    ).toEqual(['api:2']);
  });

  it('remembers which commits were asked for, including failures, and hides failures from history', async () => {
    const store = await createStore(database);
    const key = { instance: 'prod', namespace: 'argocd', name: 'api' };
    await applyPoll(
      store,
      poll({
        deployments: [
          deployment('api', 1, '2026-11-22T09:00:00.000Z', {
            revisions: ['bad'],
          }),
        ],
        commits: [
          {
            instance: 'prod',
            namespace: 'argocd',
            application: 'api',
            revision: 'bad',
            error: 'reference not found',
          },
        ],
      }),
    );
    expect(
      await store.getKnownCommitRevisions([
        { key, revision: 'bad' },
        { key, revision: 'other' },
      ]),
    ).toEqual(new Set(['prod/argocd/api/bad']));
    expect(
      (await store.getDeployments([key], { limit: 1, offset: 0 })).items[0]
        .commits,
    ).toEqual([]);
  });

  it('records instance success and failure without losing what is known', async () => {
    const store = await createStore(database);
    await applyPoll(store, poll({ applicationCount: 7 }));
    await store.recordPollFailure({
      instance: 'prod',
      at: '2026-11-22T10:00:10.000Z',
      error: { category: 'timed-out', reason: 'timed out after 10 s' },
      durationMs: 30000,
    });
    expect(await store.getInstanceStatuses()).toEqual([
      {
        instance: 'prod',
        lastAttemptAt: '2026-11-22T10:00:10.000Z',
        lastSuccessAt: '2026-11-22T10:00:00.000Z',
        lastError: 'timed out after 10 s',
        lastErrorCategory: 'timed-out',
        lastErrorAt: '2026-11-22T10:00:10.000Z',
        applicationCount: 7,
        cycleDurationMs: 30000,
        warnings: [],
      },
    ]);
    await applyPoll(
      store,
      poll({ finishedAt: '2026-11-22T10:00:20.000Z', applicationCount: 8 }),
    );
    expect((await store.getInstanceStatuses())[0]).toMatchObject({
      lastError: undefined,
      lastSuccessAt: '2026-11-22T10:00:20.000Z',
      applicationCount: 8,
    });
  });

  it('serves the application index from memory until any replica writes or removes applications', async () => {
    const db = await database.knex();
    const replica = () =>
      DatabaseArgoPulseStore.create({
        database: mockServices.database({ knex: db }),
      });
    const [reader, writer] = [await replica(), await replica()];
    const labelled = (team: string) =>
      poll({
        changed: [
          {
            snapshot: snapshot('api', { labels: { team } }),
            fingerprint: team,
            observedAt: '2026-11-22T10:00:00.000Z',
          },
        ],
      });
    const labels = async () =>
      (await reader.listApplicationIndex({ instances: ['prod'] })).map(
        a => a.labels,
      );
    await applyPoll(writer, labelled('a'));
    expect(await labels()).toEqual([{ team: 'a' }]);
    await applyPoll(writer, labelled('b'));
    expect(await labels()).toEqual([{ team: 'b' }]);
    await writer.markRemoved(
      [{ instance: 'prod', namespace: 'argocd', name: 'api' }],
      '2026-11-22T10:01:00.000Z',
    );
    expect(await labels()).toEqual([]);
  });

  it('keeps an instance warning with when it was seen, until the next poll or stream says it no longer holds', async () => {
    const db = await database.knex();
    const store = await DatabaseArgoPulseStore.create({
      database: mockServices.database({ knex: db }),
    });
    const success = (at: string, listWarning?: string) =>
      store.recordPollSuccess({
        instance: 'prod',
        at,
        applicationCount: 3,
        durationMs: 10,
        listWarning,
      });
    const warnings = async () =>
      (await store.getInstanceStatuses())[0].warnings;
    await store.recordStreamWarning({
      instance: 'prod',
      at: '2026-11-22T10:00:00.000Z',
      warning: 'silent stream',
    });
    await success('2026-11-22T10:00:05.000Z', 'fields ignored');
    expect(await warnings()).toEqual([
      { message: 'fields ignored', at: '2026-11-22T10:00:05.000Z' },
      { message: 'silent stream', at: '2026-11-22T10:00:00.000Z' },
    ]);
    await success('2026-11-22T10:00:10.000Z');
    expect(await warnings()).toEqual([
      { message: 'silent stream', at: '2026-11-22T10:00:00.000Z' },
    ]);
    await store.recordStreamWarning({
      instance: 'prod',
      at: '2026-11-22T10:00:15.000Z',
    });
    expect(await warnings()).toEqual([]);
    expect((await store.getInstanceStatuses())[0].applicationCount).toBe(3);
  });

  it('prunes deployments, commit metadata and deleted applications older than the retention', async () => {
    const db = await database.knex();
    const store = await DatabaseArgoPulseStore.create({
      database: mockServices.database({ knex: db }),
    });
    const key = { instance: 'prod', namespace: 'argocd', name: 'api' };
    const commit = (revision: string) => ({
      instance: 'prod',
      namespace: 'argocd',
      application: 'api',
      revision,
      author: 'a',
    });
    await applyPoll(
      store,
      poll({
        finishedAt: '2026-01-01T00:00:00.000Z',
        changed: [
          {
            snapshot: snapshot('gone'),
            fingerprint: 'f',
            observedAt: '2026-01-01T00:00:00.000Z',
          },
        ],
        deployments: [
          deployment('api', 1, '2026-01-01T00:00:00.000Z'),
          deployment('api', 2, '2026-11-01T00:00:00.000Z'),
        ],
        commits: [commit('old')],
      }),
    );
    await store.markRemoved(
      [{ instance: 'prod', namespace: 'argocd', name: 'gone' }],
      '2026-01-02T00:00:00.000Z',
    );
    await applyPoll(
      store,
      poll({
        finishedAt: '2026-11-01T00:00:00.000Z',
        commits: [commit('new')],
      }),
    );
    expect(await store.pruneHistory('2026-06-01T00:00:00.000Z')).toBe(1);
    const page = await store.getDeployments([key], { limit: 10, offset: 0 });
    expect(page.items.map(d => d.historyId)).toEqual([2]);
    expect(
      await store.getKnownCommitRevisions([
        { key, revision: 'old' },
        { key, revision: 'new' },
      ]),
    ).toEqual(new Set(['prod/argocd/api/new']));
    expect(await db('argo_pulse_applications').where({ name: 'gone' })).toEqual(
      [],
    );
  });

  it('keeps detail pending until the detail of the same version is stored', async () => {
    const store = await createStore(database);
    const key = { instance: 'prod', namespace: 'argocd', name: 'api' };
    const resources = [
      {
        kind: 'Deployment',
        name: 'api',
        health: { status: 'Degraded', message: 'ImagePullBackOff' },
        images: ['api:2'],
      },
    ];
    await applyPoll(
      store,
      poll({
        changed: [
          {
            snapshot: snapshot('api', {
              resources: [{ kind: 'Deployment', name: 'api' }],
            }),
            fingerprint: 'f1',
            observedAt: '2026-11-22T10:00:00.000Z',
          },
        ],
      }),
    );
    expect(await store.listDetailPending('prod', 10)).toEqual([key]);
    // Read for an older version: not applied, still pending.
    await store.applyDetail(
      [{ key, fingerprint: 'f0', resources, commits: [] }],
      '2026-11-22T10:00:01.000Z',
    );
    expect(await store.listDetailPending('prod', 10)).toEqual([key]);
    await store.applyDetail(
      [{ key, fingerprint: 'f1', resources, commits: [] }],
      '2026-11-22T10:00:01.000Z',
    );
    expect(await store.listDetailPending('prod', 10)).toEqual([]);
    expect((await store.getApplications([key]))[0].snapshot.resources).toEqual(
      resources,
    );
  });

  it("keeps each application's summary beside its snapshot: the overview's part, its detail's reason included, and for older rows made from the snapshot", async () => {
    const knex = await database.knex();
    const store = await DatabaseArgoPulseStore.create({
      database: mockServices.database({ knex }),
    });
    const api = { instance: 'prod', namespace: 'argocd', name: 'api' };
    const web = { instance: 'prod', namespace: 'argocd', name: 'web' };
    const operation = {
      phase: 'Failed',
      message: 'one or more objects failed to apply',
      startedAt: '2026-11-22T09:59:00.000Z',
      finishedAt: '2026-11-22T09:59:30.000Z',
      revisions: ['abc'],
      resources: [],
    };
    await applyPoll(
      store,
      poll({
        changed: ['api', 'web'].map(name => ({
          snapshot: snapshot(name, {
            operation,
            resources: [{ kind: 'Deployment', name }],
            health: { status: 'Degraded', message: 'rollout stuck' },
            lastDeployedAt: '2026-11-22T09:59:30.000Z',
          }),
          fingerprint: 'f1',
          observedAt: '2026-11-22T10:00:00.000Z',
        })),
      }),
    );
    const unhealthyResource = {
      kind: 'Deployment',
      name: 'api',
      status: 'Degraded',
      reason: 'ImagePullBackOff',
    };
    await store.applyDetail(
      [
        {
          key: api,
          fingerprint: 'f1',
          resources: [],
          unhealthyResource,
          commits: [],
        },
      ],
      '2026-11-22T10:00:01.000Z',
    );
    const expected = (name: string) => ({
      snapshot: {
        instance: 'prod',
        namespace: 'argocd',
        name,
        project: 'default',
        sync: { status: 'Synced', revisions: ['abc'] },
        health: { status: 'Degraded', message: 'rollout stuck' },
        images: [`${name}:1`],
        operation: {
          phase: 'Failed',
          message: 'one or more objects failed to apply',
          startedAt: '2026-11-22T09:59:00.000Z',
          finishedAt: '2026-11-22T09:59:30.000Z',
        },
        lastDeployedAt: '2026-11-22T09:59:30.000Z',
        ...(name === 'api' ? { unhealthyResource } : {}),
      },
      observedAt: '2026-11-22T10:00:00.000Z',
    });
    const missing = { instance: 'prod', namespace: 'argocd', name: 'gone' };
    // In the keys' order, an unknown key left out; no resources, sources or labels.
    expect(await store.getApplicationSummaries([web, missing, api])).toEqual([
      expected('web'),
      expected('api'),
    ]);
    // A row stored before summaries were kept answers the same, from its snapshot.
    await knex('argo_pulse_applications').update({ summary: null });
    expect(await store.getApplicationSummaries([web, api])).toEqual([
      expected('web'),
      expected('api'),
    ]);
  });

  it('answers the newest deployment of each application', async () => {
    const store = await createStore(database);
    await applyPoll(
      store,
      poll({
        deployments: [
          deployment('api', 2, '2026-11-22T10:00:00.000Z'),
          deployment('api', 1, '2026-11-22T09:00:00.000Z'),
          deployment('web', 5, '2026-11-22T08:00:00.000Z'),
        ],
      }),
    );
    const newest = await store.getNewestDeployments(
      ['api', 'web', 'none'].map(name => ({
        instance: 'prod',
        namespace: 'argocd',
        name,
      })),
    );
    expect([...newest.entries()].map(([key, d]) => [key, d.historyId])).toEqual(
      expect.arrayContaining([
        ['prod/argocd/api', 2],
        ['prod/argocd/web', 5],
      ]),
    );
    expect(newest.size).toBe(2);
  });

  it('handles more applications than one statement may carry', async () => {
    const store = await createStore(database);
    const changed = Array.from({ length: 650 }, (_, i) => ({
      snapshot: snapshot(`app-${i}`),
      fingerprint: `f${i}`,
      observedAt: '2026-11-22T10:00:00.000Z',
    }));
    await applyPoll(
      store,
      poll({
        changed,
        deployments: changed.map((c, i) =>
          deployment(c.snapshot.name, 1, `2026-11-22T0${i % 10}:00:00.000Z`),
        ),
      }),
    );
    expect((await store.getFingerprints('prod')).size).toBe(650);
    const keys = changed.map(c => ({
      instance: 'prod',
      namespace: 'argocd',
      name: c.snapshot.name,
    }));
    expect(await store.getApplications(keys)).toHaveLength(650);
    expect(
      (await store.getDeployments(keys, { limit: 3, offset: 0 })).total,
    ).toBe(650);
  });
});
