import type {
  ArgoCdApplication,
  ArgoCdApplicationTree,
} from '@argo-pulse/backstage-plugin-common';
import { gitApp, testInstance } from '../testing/testSimulator';
import { useTestSimulator } from '../testing/useTestSimulator';
import type { RolloutRequest, RolloutStatus } from './rolloutRequest';

const OLD = 'ghcr.io/acme/shop:1.0.0';
const NEW = 'ghcr.io/acme/shop:2.0.0';

const { simulator, argo } = useTestSimulator({
  instances: [
    testInstance('main', [
      gitApp('shop', { images: [OLD, 'redis:7'] }),
      gitApp('broken', { images: [OLD] }),
      gitApp('erroring', { images: [OLD] }),
      gitApp('crashing', { images: [OLD] }),
      gitApp('timed', { images: [OLD] }),
      gitApp('helm', {
        sources: [
          {
            repoURL: 'https://charts.example.com',
            chart: 'helm',
            targetRevision: '1.4.9',
          },
        ],
        images: [OLD],
      }),
      gitApp('multi', {
        sources: [
          {
            repoURL: 'https://charts.example.com',
            chart: 'multi',
            targetRevision: '1.0.0',
          },
          {
            repoURL: 'https://github.com/acme/deploy.git',
            path: 'multi',
            targetRevision: 'main',
          },
          {
            repoURL: 'https://github.com/acme/values.git',
            targetRevision: 'main',
            ref: 'values',
          },
        ],
        images: [OLD],
      }),
    ]),
  ],
});

const instance = () => simulator().instance('main');
const fetchApp = async (name: string) =>
  (await (
    await argo('main', `/api/v1/applications/${name}`)
  ).json()) as ArgoCdApplication;
const fetchTree = async (name: string) =>
  (await (
    await argo('main', `/api/v1/applications/${name}/resource-tree`)
  ).json()) as ArgoCdApplicationTree;
const advance = (name: string) =>
  instance().rollouts.advance(instance().application(name))!;
/** Starts a manual rollout to NEW and advances it `steps` times; answers the last step's status. */
const rollOut = (
  name: string,
  request: Omit<RolloutRequest, 'images' | 'manual'>,
  steps: number,
): RolloutStatus | undefined => {
  instance().rollout(name, { images: [NEW], manual: true, ...request });
  let status: RolloutStatus | undefined;
  for (let step = 0; step < steps; step++) status = advance(name);
  return status;
};

// Numbered steps of one rollout: they run in order.
// eslint-disable-next-line jest/valid-describe-callback -- vitest's options argument
describe('a successful rollout, step by step', { shuffle: false }, () => {
  let before: ArgoCdApplication;
  beforeAll(async () => {
    before = await fetchApp('shop');
  });

  it('1. the commit lands: OutOfSync at the new revision, nothing running changes', async () => {
    const status = instance().rollout('shop', {
      images: [NEW],
      author: 'Dev <dev@acme.example>',
      message: 'ship 2.0.0',
      manual: true,
    });
    expect(status).toMatchObject({ phase: 'out-of-sync', done: false });
    const app = await fetchApp('shop');
    expect(app.status!.sync!.status).toBe('OutOfSync');
    expect(app.status!.sync!.revision).toBe(status.revisions[0]);
    expect(app.status!.sync!.revision).not.toBe(before.status!.sync!.revision);
    expect(app.status!.summary!.images).toEqual([OLD, 'redis:7']);
    expect(
      app.status!.resources!.find(
        r => r.kind === 'Deployment' && r.name === 'shop',
      )!.status,
    ).toBe('OutOfSync');
    expect(
      app.status!.resources!.find(
        r => r.kind === 'Deployment' && r.name === 'redis',
      )!.status,
    ).toBe('Synced');
    const metadata = await argo(
      'main',
      `/api/v1/applications/shop/revisions/${status.revisions[0]}/metadata`,
    );
    expect(await metadata.json()).toMatchObject({
      author: 'Dev <dev@acme.example>',
      message: 'ship 2.0.0',
    });
  });

  it('2. the sync operation runs', async () => {
    expect(advance('shop').phase).toBe('syncing');
    const app = await fetchApp('shop');
    expect(app.status!.operationState).toMatchObject({
      phase: 'Running',
      operation: {
        sync: { revision: app.status!.sync!.revision },
        initiatedBy: { automated: true },
      },
    });
    expect(app.status!.operationState!.finishedAt).toBeUndefined();
    expect(app.status!.history).toHaveLength(before.status!.history!.length);
  });

  it('3. the sync succeeds: Synced, a new history entry, old and new pods both live', async () => {
    expect(advance('shop').phase).toBe('progressing');
    const app = await fetchApp('shop');
    expect(app.status!.sync!.status).toBe('Synced');
    expect(app.status!.health!.status).toBe('Progressing');
    expect(app.status!.operationState).toMatchObject({
      phase: 'Succeeded',
      message: 'successfully synced (all tasks run)',
    });
    expect(app.status!.summary!.images).toEqual(
      expect.arrayContaining([OLD, NEW, 'redis:7']),
    );
    const last = app.status!.history!.at(-1)!;
    expect(last).toMatchObject({
      id: before.status!.history!.at(-1)!.id! + 1,
      revision: app.status!.sync!.revision,
      deployStartedAt: app.status!.operationState!.startedAt,
      deployedAt: app.status!.operationState!.finishedAt,
    });
    const pods = (await fetchTree('shop'))
      .nodes!.filter(n => n.kind === 'Pod')
      .flatMap(n => n.images);
    expect(pods).toEqual(expect.arrayContaining([OLD, NEW]));
  });

  it('4. the new pods are ready: Healthy, only the new image of the repository runs', async () => {
    expect(advance('shop')).toMatchObject({ phase: 'healthy', done: true });
    const app = await fetchApp('shop');
    expect(app.status!.health!.status).toBe('Healthy');
    expect(app.status!.summary!.images!.sort()).toEqual([NEW, 'redis:7']);
    const tree = await fetchTree('shop');
    expect(
      tree
        .nodes!.filter(n => n.kind === 'Pod')
        .every(n => n.health?.status === 'Healthy'),
    ).toBe(true);
  });
});

describe('failing rollouts', () => {
  it('a failed sync: operation Failed with a message, still OutOfSync, no history entry, a SyncError condition', async () => {
    const historyBefore = (await fetchApp('broken')).status!.history!.length;
    const status = rollOut(
      'broken',
      { outcome: 'sync-failed', failureMessage: 'admission denied' },
      2,
    );
    expect(status).toMatchObject({
      phase: 'sync-failed',
      done: true,
    });
    const app = await fetchApp('broken');
    expect(app.status!.operationState).toMatchObject({
      phase: 'Failed',
      message: 'admission denied',
    });
    expect(app.status!.sync!.status).toBe('OutOfSync');
    expect(app.status!.health!.status).toBe('Healthy');
    expect(app.status!.summary!.images).toEqual([OLD]);
    expect(app.status!.history).toHaveLength(historyBefore);
    expect(app.status!.conditions).toEqual([
      expect.objectContaining({
        type: 'SyncError',
        message: expect.stringContaining('admission denied'),
      }),
    ]);
  });

  it('an erroring sync ends in phase Error with a realistic message', async () => {
    rollOut('erroring', { outcome: 'sync-error' }, 2);
    const app = await fetchApp('erroring');
    expect(app.status!.operationState!.phase).toBe('Error');
    expect(app.status!.operationState!.message).toMatch(
      /Manifest generation error/,
    );
  });

  it('a degraded rollout: Synced but Degraded, ImagePullBackOff in the resource tree', async () => {
    expect(rollOut('crashing', { outcome: 'degraded' }, 3)).toMatchObject({
      phase: 'degraded',
      done: true,
    });
    const app = await fetchApp('crashing');
    expect(app.status!.sync!.status).toBe('Synced');
    expect(app.status!.health!.status).toBe('Degraded');
    expect(app.status!.summary!.images).toEqual(
      expect.arrayContaining([OLD, NEW]),
    );
    const nodes = (await fetchTree('crashing')).nodes!;
    const failing = nodes.find(
      n => n.kind === 'Pod' && n.images?.includes(NEW),
    )!;
    expect(failing.health).toEqual({
      status: 'Degraded',
      message: `Back-off pulling image "${NEW}"`,
    });
    expect(failing.info).toContainEqual({
      name: 'Status Reason',
      value: 'ImagePullBackOff',
    });
    expect(nodes.find(n => n.kind === 'Deployment')!.health).toMatchObject({
      status: 'Degraded',
    });
  });
});

describe('sources', () => {
  it('a Helm chart application moves to a new chart version', async () => {
    rollOut('helm', {}, 0);
    const app = await fetchApp('helm');
    expect(app.status!.sync!.revision).toBe('1.4.10');
    expect(app.spec!.source!.targetRevision).toBe('1.4.10');
  });

  it('a multi-source application changes its git source and keeps the other revisions', async () => {
    const before = await fetchApp('multi');
    rollOut('multi', { revision: 'abcdef1234567' }, 3);
    const app = await fetchApp('multi');
    const [chart, git, values] = app.status!.sync!.revisions!;
    expect([chart, git, values]).toEqual([
      before.status!.sync!.revisions![0],
      'abcdef1234567',
      before.status!.sync!.revisions![2],
    ]);
    expect(app.status!.history!.at(-1)).toMatchObject({
      revisions: app.status!.sync!.revisions,
      sources: app.spec!.sources,
    });
  });
});

it('a timed rollout walks through every phase on its own', async () => {
  const seen = new Set<string>();
  const unsubscribe = instance().state.watch(change => {
    if (change.app.doc.metadata.name === 'timed')
      seen.add(
        `${change.app.doc.status.sync?.status}/${change.app.doc.status.health?.status}`,
      );
  });
  instance().rollout('timed', {
    images: [NEW],
    phaseDurationsMs: { outOfSync: 5, syncing: 5, progressing: 5 },
  });
  await vi.waitFor(
    () =>
      expect(
        instance().rollouts.status(instance().application('timed'))!.done,
      ).toBe(true),
    { timeout: 2000 },
  );
  unsubscribe();
  expect([...seen]).toEqual([
    'OutOfSync/Healthy',
    'Synced/Progressing',
    'Synced/Healthy',
  ]);
});
