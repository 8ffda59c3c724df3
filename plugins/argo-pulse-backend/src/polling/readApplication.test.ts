import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ArgoCdApplication } from '@argo-pulse/backstage-plugin-common';
import type {
  RunningSimulator,
  ScenarioApplicationInput,
} from '@argo-pulse/argocd-simulator';
import {
  argoFetch,
  gitApp,
  startTestSimulator,
  testInstance,
} from '@argo-pulse/argocd-simulator/testing';
import type { DeploymentRecord } from '../database/types';
import {
  gitRevisionsOf,
  ociRevisionsOf,
  isoTime,
  toDeployments,
  toSnapshot,
} from './readApplication';

const EXAMPLES = resolve(
  __dirname,
  '../../../../test/fixtures/argocd/examples',
);

function example(file: string): ArgoCdApplication {
  return JSON.parse(
    readFileSync(resolve(EXAMPLES, file), 'utf8'),
  ) as ArgoCdApplication;
}

const VELERO_REVISION = 'ea8759964626a583667a2bfd08f334ec2070040a';
const ISO_WITH_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('isoTime', () => {
  it.each([
    ['whole seconds', '2024-03-05T07:33:03Z', '2024-03-05T07:33:03.000Z'],
    [
      'fractional seconds',
      '2024-03-05T07:33:03.123456Z',
      '2024-03-05T07:33:03.123Z',
    ],
    ['an offset', '2024-03-05T09:33:03+02:00', '2024-03-05T07:33:03.000Z'],
    ['an empty string', '', undefined],
    ['null', null, undefined],
    ['undefined', undefined, undefined],
    ['text that is no time', 'yesterday', undefined],
  ])('normalizes %s', (_what, input, expected) => {
    expect(isoTime(input)).toBe(expected);
  });
});

describe('reading the real Argo CD example documents', () => {
  describe('velero-test-full-status.json (single source, 10 history entries)', () => {
    const app = example('velero-test-full-status.json');

    it('keeps the overview fields of the snapshot, with times in ISO form with milliseconds', () => {
      expect(toSnapshot('prod', app)).toEqual({
        instance: 'prod',
        namespace: 'argo-cd',
        name: 'velero-test',
        project: 'sre',
        labels: app.metadata!.labels,
        sync: { status: 'Synced', revisions: ['rev1'] },
        health: { status: 'Healthy' },
        operation: {
          phase: 'Succeeded',
          message: 'successfully synced (all tasks run)',
          startedAt: '2024-03-05T07:33:03.000Z',
          finishedAt: '2024-03-05T07:33:04.000Z',
          revisions: ['ea8759964626a583667a2bfd08f334ec2070040a'],
        },
        // Argo CD 2 still carried resource health in the Application: used when there is no tree.
        resources: [
          {
            kind: 'Service',
            name: 'test-lla',
            namespace: 'test-lla',
            syncStatus: 'Synced',
            health: { status: 'Healthy' },
          },
          {
            group: 'apps',
            kind: 'Deployment',
            name: 'test-lla',
            namespace: 'test-lla',
            syncStatus: 'Synced',
            health: { status: 'Healthy' },
          },
        ],
        images: ['nginx:latest'],
        sources: [
          {
            repoURL: 'https://github.com/foo/manifests-velero.git',
            path: 'instances/test',
            targetRevision: 'test-lla',
          },
        ],
        destination: {
          name: 'gke-alpha-01-europe-west1',
          namespace: 'test-lla',
        },
        conditions: [],
        lastDeployedAt: '2024-03-05T07:33:04.000Z',
        // The newest history entry names no initiator; the operation that produced it does.
        lastDeployedBy: { username: 'foo@example.com' },
        reconciledAt: '2024-03-05T07:33:04.000Z',
        // Its history as Argo CD keeps it (ids 14 to 23), and no `automated`: it may roll back.
        rollback: {
          history: [
            ['14', '2024-03-04T22:00:06'],
            ['15', '2024-03-04T22:08:30'],
            ['16', '2024-03-04T22:09:16'],
            ['17', '2024-03-04T22:11:41'],
            ['18', '2024-03-04T22:50:55'],
            ['19', '2024-03-04T22:52:56'],
            ['20', '2024-03-04T22:56:15'],
            ['21', '2024-03-05T07:31:57'],
            ['22', '2024-03-05T07:32:44'],
            ['23', '2024-03-05T07:33:04'],
          ].map(([id, at]) => ({ id: Number(id), deployedAt: `${at}.000Z` })),
          historyLimit: 10,
          autoSync: false,
        },
      });
    });

    it('makes one deployment per history entry, oldest first', () => {
      const deployments = toDeployments('prod', app);
      expect(deployments.map(d => d.historyId)).toEqual([
        14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
      ]);
      expect(deployments[0]).toStrictEqual({
        instance: 'prod',
        namespace: 'argo-cd',
        application: 'velero-test',
        historyId: 14,
        revisions: [VELERO_REVISION],
        sources: [
          {
            repoURL: 'https://github.com/foo/manifests-velero.git',
            path: 'instances/test',
            targetRevision: 'test-lla',
          },
        ],
        startedAt: '2024-03-04T22:00:05.000Z',
        finishedAt: '2024-03-04T22:00:06.000Z',
        images: [],
        imagesSettled: false,
      });
    });

    it('gives the images and the sync result to the newest entry only', () => {
      const deployments = toDeployments('prod', app);
      const newest = deployments[deployments.length - 1];
      expect(newest).toMatchObject({
        historyId: 23,
        startedAt: '2024-03-05T07:33:03.000Z',
        finishedAt: '2024-03-05T07:33:04.000Z',
        images: ['nginx:latest'],
        syncResult: {
          phase: 'Succeeded',
          message: 'successfully synced (all tasks run)',
        },
        // The history entry names no initiator; the operation that produced it does.
        initiatedBy: { username: 'foo@example.com' },
      });
      for (const older of deployments.slice(0, -1)) {
        expect(older).not.toHaveProperty('initiatedBy');
        expect(older.images).toEqual([]);
        expect(older).not.toHaveProperty('syncResult');
        expect(older.imagesSettled).toBe(false);
      }
    });

    it('does not call the images settled while the sync revision differs from the entry (rev1 here)', () => {
      const deployments = toDeployments('prod', app);
      expect(deployments[deployments.length - 1].imagesSettled).toBe(false);
      const atThatRevision = structuredClone(app);
      atThatRevision.status!.sync!.revision = VELERO_REVISION;
      expect(toDeployments('prod', atThatRevision).at(-1)!.imagesSettled).toBe(
        true,
      );
    });

    it('asks for commit metadata of its git source', () => {
      expect(gitRevisionsOf(toDeployments('prod', app).at(-1)!)).toEqual([
        { revision: VELERO_REVISION, sourceIndex: 0 },
      ]);
    });
  });

  describe('multi-source-app.json (plural revisions and sources)', () => {
    const app = example('multi-source-app.json');
    const sources = [
      {
        repoURL: 'https://github.com/argoproj/argocd-example-apps.git',
        path: 'some/path',
      },
      {
        repoURL: 'https://github.com/argoproj/argocd-example-apps-fake.git',
        path: 'some/other/path',
      },
      {
        repoURL: 'https://github.com/argoproj/argocd-example-apps-fake-ref.git',
        ref: 'values_test',
      },
    ];

    it('reads every source and defaults what the document lacks', () => {
      expect(toSnapshot('dev', app)).toStrictEqual({
        instance: 'dev',
        namespace: 'fake-argocd-ns',
        name: 'my-app',
        project: 'default',
        labels: {},
        sync: { status: 'Unknown', revisions: [] },
        health: { status: 'Unknown' },
        operation: {
          phase: 'Succeeded',
          message: 'successfully synced',
          startedAt: '2018-09-21T23:50:25.000Z',
          finishedAt: '2018-09-21T23:50:29.000Z',
          revisions: ['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40)],
        },
        images: [],
        resources: [],
        sources,
        destination: {
          namespace: 'fake-dest-ns',
          server: 'https://localhost:6443',
        },
        conditions: [],
        lastDeployedAt: undefined,
        reconciledAt: undefined,
        rollback: { history: [], historyLimit: 10, autoSync: true },
      });
    });

    it('has no deployments without a history', () => {
      expect(toDeployments('dev', app)).toEqual([]);
    });

    it('reads the plural fields of the history entry its last sync would write, and skips the ref source', () => {
      const op = app.status!.operationState!;
      const withHistory = structuredClone(app);
      withHistory.status!.history = [
        {
          id: 1,
          revisions: op.syncResult!.revisions,
          sources: op.syncResult!.sources,
          deployStartedAt: op.startedAt,
          deployedAt: op.finishedAt,
          initiatedBy: { username: 'admin' },
        },
      ];
      const [deployment] = toDeployments('dev', withHistory);
      expect(deployment).toMatchObject({
        historyId: 1,
        revisions: ['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40)],
        sources,
        startedAt: '2018-09-21T23:50:25.000Z',
        finishedAt: '2018-09-21T23:50:29.000Z',
        initiatedBy: { username: 'admin' },
        syncResult: { phase: 'Succeeded', message: 'successfully synced' },
      });
      expect(gitRevisionsOf(deployment)).toEqual([
        { revision: 'a'.repeat(40), sourceIndex: 0 },
        { revision: 'b'.repeat(40), sourceIndex: 1 },
      ]);
    });
  });

  describe('argo-watcher-out-of-sync-deployment.json (OutOfSync, conditions, no metadata)', () => {
    const app = example('argo-watcher-out-of-sync-deployment.json');

    it('keeps sync, conditions and an operation without times', () => {
      const snapshot = toSnapshot('prod', app);
      expect(snapshot).toMatchObject({
        namespace: '',
        name: '',
        project: 'default',
        labels: {},
        sync: {
          status: 'OutOfSync',
          revisions: ['d4c2b0a8f6e4d2c0b8a6f4e2d0c8b6a4f2e0d8c6'],
        },
        health: { status: 'Healthy' },
        images: ['product-catalog:v0.0.2'],
        sources: [],
        destination: {},
        conditions: [
          {
            type: 'ComparisonError',
            message: 'Failed to load target state: rpc error: code = Unknown',
          },
          {
            type: 'OrphanedResourceWarning',
            message: 'Application has 1 orphaned resource',
          },
        ],
      });
      expect(snapshot.operation).toStrictEqual({
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        revisions: ['b6a9f1c4e2d8a7b5c3f1e9d7c5b3a1f9e7d5c3b1'],
      });
      expect(snapshot.lastDeployedAt).toBeUndefined();
      expect(snapshot.reconciledAt).toBeUndefined();
    });

    it('has no deployments without a history', () => {
      expect(toDeployments('prod', app)).toEqual([]);
    });
  });
});

describe('gitRevisionsOf', () => {
  const deployment = (
    sources: DeploymentRecord['sources'],
    revisions: string[],
  ): DeploymentRecord => ({
    instance: 'prod',
    namespace: 'argocd',
    application: 'app',
    historyId: 1,
    revisions,
    sources,
    finishedAt: '2024-01-01T00:00:00.000Z',
    images: [],
    imagesSettled: false,
  });
  const git = { repoURL: 'https://github.com/acme/deploy.git', path: 'apps/a' };
  const chart = {
    repoURL: 'https://charts.acme.example',
    chart: 'a',
    targetRevision: '1.2.3',
  };
  const ref = { repoURL: 'https://github.com/acme/values.git', ref: 'values' };
  const oci = {
    repoURL: 'oci://ghcr.io/acme/releases/a',
    targetRevision: '1.4.0',
  };
  const DIGEST = `sha256:${'a'.repeat(64)}`;

  it.each<
    [string, DeploymentRecord, Array<{ revision: string; sourceIndex: number }>]
  >([
    [
      'one git source',
      deployment([git], ['abc']),
      [{ revision: 'abc', sourceIndex: 0 }],
    ],
    ['one chart source', deployment([chart], ['1.2.3']), []],
    [
      'git, chart and ref sources',
      deployment([git, chart, ref], ['abc', '1.2.3', 'def']),
      [{ revision: 'abc', sourceIndex: 0 }],
    ],
    [
      'a ref before a git source',
      deployment([ref, git], ['def', 'abc']),
      [{ revision: 'abc', sourceIndex: 1 }],
    ],
    ['a revision without a source', deployment([], ['abc']), []],
    ['one OCI source', deployment([oci], [DIGEST]), []],
    [
      'an OCI source beside a git one',
      deployment([oci, git], [DIGEST, 'abc']),
      [{ revision: 'abc', sourceIndex: 1 }],
    ],
  ])('for %s', (_what, record, expected) => {
    expect(gitRevisionsOf(record)).toEqual(expected);
  });

  it.each<
    [string, DeploymentRecord, Array<{ revision: string; sourceIndex: number }>]
  >([
    [
      'one OCI source',
      deployment([oci], [DIGEST]),
      [{ revision: DIGEST, sourceIndex: 0 }],
    ],
    [
      'git then OCI',
      deployment([git, oci], ['abc', DIGEST]),
      [{ revision: DIGEST, sourceIndex: 1 }],
    ],
    ['one git source', deployment([git], ['abc']), []],
    ['one chart source', deployment([chart], ['1.2.3']), []],
  ])('ociRevisionsOf, for %s', (_what, record, expected) => {
    expect(ociRevisionsOf(record)).toEqual(expected);
  });
});

// Rollouts in steps on one simulator: its tests run in order.
describe(
  // eslint-disable-next-line jest/valid-describe-callback -- vitest's options argument
  'reading documents served by the simulator',
  { shuffle: false },
  () => {
    const gitSource = {
      repoURL: 'https://github.com/acme/deploy.git',
      path: 'apps/shop',
      targetRevision: 'main',
    };
    const chartSource = {
      repoURL: 'https://charts.acme.example',
      chart: 'shop',
      targetRevision: '2.0.0',
    };
    const refSource = {
      repoURL: 'https://github.com/acme/values.git',
      targetRevision: 'main',
      ref: 'values',
    };
    const apps: Array<[kind: string, app: ScenarioApplicationInput]> = [
      ['a single-source git application', gitApp('web')],
      [
        'a Helm chart application',
        gitApp('chart', {
          sources: [chartSource],
          images: ['ghcr.io/acme/chart:2.0.0'],
        }),
      ],
      [
        'a multi-source application',
        gitApp('multi', {
          sources: [gitSource, chartSource, refSource],
          images: ['ghcr.io/acme/multi:1.0.0'],
        }),
      ],
    ];
    let simulator: RunningSimulator;

    beforeAll(async () => {
      simulator = await startTestSimulator({
        instances: [
          testInstance(
            'x',
            apps.map(([, app]) => app),
          ),
        ],
      });
    });
    afterAll(() => simulator?.close());

    async function fetchApp(name: string): Promise<ArgoCdApplication> {
      const response = await argoFetch(
        simulator,
        'x',
        `/api/v1/applications/${name}`,
      );
      expect(response.status).toBe(200);
      return (await response.json()) as ArgoCdApplication;
    }

    /** The git revisions of the newest deployment that carry commit metadata, by source kind. */
    function expectedGitRevisions(name: string, revisions: string[]) {
      return name === 'chart'
        ? []
        : [{ revision: revisions[0], sourceIndex: 0 }];
    }

    describe.each(apps)('%s', (_kind, spec) => {
      const name = spec.name;
      const image = `ghcr.io/acme/${name}:9.9.9`;

      it('reads the settled application: Synced, Healthy, three deployments, the newest settled', async () => {
        const app = await fetchApp(name);
        const snapshot = toSnapshot('x', app);
        const deployments = toDeployments('x', app);
        const newest = deployments[2];

        expect(snapshot).toMatchObject({
          instance: 'x',
          namespace: 'argocd',
          name,
          project: 'default',
          labels: { app: name },
          sync: { status: 'Synced', revisions: newest.revisions },
          health: { status: 'Healthy' },
          operation: {
            phase: 'Succeeded',
            message: 'successfully synced (all tasks run)',
            finishedAt: newest.finishedAt,
          },
          images: spec.images,
          destination: {
            server: 'https://kubernetes.default.svc',
            namespace: name,
          },
          conditions: [],
          lastDeployedAt: newest.finishedAt,
        });
        expect(snapshot.sources).toEqual(spec.sources);
        expect(snapshot.operation!.startedAt).toMatch(ISO_WITH_MS);
        expect(deployments.map(d => d.historyId)).toEqual([0, 1, 2]);
        expect(newest.revisions).toHaveLength(spec.sources!.length);
        expect(newest).toMatchObject({
          images: spec.images,
          imagesSettled: true,
          initiatedBy: { automated: true },
        });
        expect(newest.syncResult).toEqual({
          phase: 'Succeeded',
          message: 'successfully synced (all tasks run)',
        });
        for (const older of deployments.slice(0, 2)) {
          expect(older).toMatchObject({
            images: [],
            imagesSettled: false,
            sources: spec.sources,
          });
          expect(older).not.toHaveProperty('syncResult');
          expect(older.startedAt! < older.finishedAt).toBe(true);
        }
        expect(gitRevisionsOf(newest)).toEqual(
          expectedGitRevisions(name, newest.revisions),
        );
      });

      it('follows a manual rollout: settled only once Healthy after the sync', async () => {
        const instance = simulator.instance('x');
        const before = toDeployments('x', await fetchApp(name));
        const previousImages = spec.images;
        const rollout = instance.rollout(name, {
          images: [image],
          manual: true,
          initiatedBy: 'alice',
        });
        const advance = () =>
          instance.rollouts.advance(instance.application(name))!;
        expect(rollout.phase).toBe('out-of-sync');

        // The commit landed: OutOfSync at the new revisions, nothing deployed yet.
        let app = await fetchApp(name);
        expect(toSnapshot('x', app).sync).toEqual({
          status: 'OutOfSync',
          revisions: rollout.revisions,
        });
        let deployments = toDeployments('x', app);
        expect(deployments).toHaveLength(3);
        expect(deployments[2]).toMatchObject({
          historyId: before[2].historyId,
          imagesSettled: false,
        });

        // Syncing: the operation runs and has not finished.
        expect(advance().phase).toBe('syncing');
        app = await fetchApp(name);
        expect(toSnapshot('x', app).operation).toStrictEqual({
          phase: 'Running',
          message: 'one or more tasks are running',
          startedAt: isoTime(app.status!.operationState!.startedAt),
          revisions: rollout.revisions,
        });
        deployments = toDeployments('x', app);
        expect(deployments).toHaveLength(3);
        expect(deployments[2].imagesSettled).toBe(false);
        expect(deployments[2]).not.toHaveProperty('syncResult');

        // Progressing: a new history entry, old and new images live, not yet settled.
        expect(advance().phase).toBe('progressing');
        app = await fetchApp(name);
        let snapshot = toSnapshot('x', app);
        deployments = toDeployments('x', app);
        expect(deployments.map(d => d.historyId)).toEqual([0, 1, 2, 3]);
        const deployed = deployments[3];
        expect(deployed).toMatchObject({
          historyId: 3,
          revisions: rollout.revisions,
          initiatedBy: { username: 'alice' },
          images: [...previousImages, image],
          imagesSettled: false,
          syncResult: {
            phase: 'Succeeded',
            message: 'successfully synced (all tasks run)',
          },
        });
        expect(deployed.startedAt).toMatch(ISO_WITH_MS);
        expect(deployed.finishedAt).toMatch(ISO_WITH_MS);
        expect(deployments[2]).toMatchObject({
          images: [],
          imagesSettled: false,
        });
        expect(deployments[2]).not.toHaveProperty('syncResult');
        expect(snapshot).toMatchObject({
          sync: { status: 'Synced', revisions: rollout.revisions },
          health: { status: 'Progressing' },
          operation: {
            phase: 'Succeeded',
            startedAt: deployed.startedAt,
            finishedAt: deployed.finishedAt,
          },
          lastDeployedAt: deployed.finishedAt,
        });

        // Healthy: only the new image runs, and the deployment's images are settled.
        expect(advance().phase).toBe('healthy');
        app = await fetchApp(name);
        snapshot = toSnapshot('x', app);
        deployments = toDeployments('x', app);
        expect(snapshot.health).toEqual({ status: 'Healthy' });
        expect(snapshot.images).toEqual([image]);
        expect(deployments[3]).toMatchObject({
          historyId: 3,
          images: [image],
          imagesSettled: true,
          syncResult: { phase: 'Succeeded' },
        });
        expect(gitRevisionsOf(deployments[3])).toEqual(
          expectedGitRevisions(name, rollout.revisions),
        );
      });
    });

    // These two read the state the manual rollouts above left behind (tests in a file run in order).
    it('moves a Helm chart application to the next chart version, which needs no commit metadata', async () => {
      const [, , , newest] = toDeployments('x', await fetchApp('chart'));
      expect(newest.revisions).toEqual(['2.0.1']);
      expect(newest.sources).toEqual([
        { ...chartSource, targetRevision: '2.0.1' },
      ]);
      expect(gitRevisionsOf(newest)).toEqual([]);
    });

    it('changes only the git source of a multi-source application and keeps the chart and ref revisions', async () => {
      const [, , before, after] = toDeployments('x', await fetchApp('multi'));
      expect(after.revisions[0]).not.toBe(before.revisions[0]);
      expect(after.revisions.slice(1)).toEqual(before.revisions.slice(1));
      expect(after.revisions[1]).toBe('2.0.0');
    });
  },
);

describe('a failed operation is history too', () => {
  let simulator: RunningSimulator;

  beforeAll(async () => {
    simulator = await startTestSimulator({
      instances: [testInstance('y', [gitApp('shop')])],
    });
  });
  afterAll(() => simulator?.close());

  it.each(['sync-failed', 'sync-error'] as const)(
    '%s: one record without a history id, with its phase and message, then the fix after it',
    async outcome => {
      const instance = simulator.instance('y');
      const rollout = instance.rollout('shop', {
        images: ['ghcr.io/acme/shop:bad'],
        manual: true,
        outcome,
        initiatedBy: 'bob',
      });
      while (!instance.rollouts.advance(instance.application('shop'))!.done);
      const failedApp = (await (
        await argoFetch(simulator, 'y', '/api/v1/applications/shop')
      ).json()) as ArgoCdApplication;
      const deployments = toDeployments('y', failedApp);
      const failed = deployments[deployments.length - 1];

      expect(deployments.filter(d => d.historyId === undefined)).toHaveLength(
        1,
      );
      expect(failed).toMatchObject({
        application: 'shop',
        revisions: rollout.revisions,
        images: [],
        imagesSettled: false,
        initiatedBy: { username: 'bob' },
        syncResult: {
          phase: outcome === 'sync-failed' ? 'Failed' : 'Error',
          message: failedApp.status!.operationState!.message,
        },
      });
      expect(failed).not.toHaveProperty('historyId');
      expect(failed.startedAt! <= failed.finishedAt).toBe(true);

      // The fix succeeds: the failure is gone from Argo CD's answer (it keeps the last operation only), the new history entry is there.
      instance.rollout('shop', {
        images: ['ghcr.io/acme/shop:fixed'],
        manual: true,
      });
      while (!instance.rollouts.advance(instance.application('shop'))!.done);
      const fixed = toDeployments(
        'y',
        (await (
          await argoFetch(simulator, 'y', '/api/v1/applications/shop')
        ).json()) as ArgoCdApplication,
      );
      expect(fixed.every(d => d.historyId !== undefined)).toBe(true);
      expect(fixed[fixed.length - 1]).toMatchObject({
        images: ['ghcr.io/acme/shop:fixed'],
        syncResult: { phase: 'Succeeded' },
      });
    },
  );
});

describe('a hydrated application (source hydrator)', () => {
  const dry = 'd'.repeat(40);
  const hydrated = 'a'.repeat(40);
  const older = 'b'.repeat(40);
  const app = (currentPhase: string): ArgoCdApplication => ({
    metadata: { name: 'ledger', namespace: 'argocd' },
    spec: {
      sourceHydrator: {
        drySource: {
          repoURL: 'https://github.com/acme/deployments.git',
          path: 'apps/ledger',
          targetRevision: 'main',
        },
        syncSource: { targetBranch: 'environments', path: 'env/ledger' },
      },
    },
    status: {
      sync: { status: 'Synced', revision: hydrated },
      health: { status: 'Healthy' },
      history: [older, hydrated].map((revision, id) => ({
        id,
        revision,
        deployedAt: `2026-12-0${id + 1}T09:00:00Z`,
        source: {
          repoURL: 'https://github.com/acme/deployments.git',
          path: 'env/ledger',
          targetRevision: 'environments',
        },
      })),
      sourceHydrator: {
        lastSuccessfulOperation: { drySHA: dry, hydratedSHA: hydrated },
        // A newer dry commit being hydrated: its hydrated SHA is not known yet.
        currentOperation: {
          drySHA: 'e'.repeat(40),
          hydratedSHA: currentPhase === 'Hydrated' ? 'f'.repeat(40) : '',
          phase: currentPhase,
        },
      },
    },
  });

  it('keeps the dry commit beside the hydrated one it reports, for the snapshot and the history entry it synced', () => {
    const deployments = toDeployments('prod', app('Hydrating'));
    expect(deployments.map(d => d.dryRevision)).toEqual([undefined, dry]);
    expect(deployments[1].revisions).toEqual([hydrated]);
    expect(gitRevisionsOf(deployments[1])).toEqual([
      { revision: dry, sourceIndex: 0 },
    ]);
    const snapshot = toSnapshot('prod', app('Hydrating'));
    expect(snapshot.hydrations).toEqual([
      { drySHA: dry, hydratedSHA: hydrated },
    ]);
    expect(snapshot.sources).toEqual([
      {
        repoURL: 'https://github.com/acme/deployments.git',
        path: 'env/ledger',
        targetRevision: 'environments',
      },
    ]);
    expect(toSnapshot('prod', app('Hydrated')).hydrations).toHaveLength(2);
  });
});
