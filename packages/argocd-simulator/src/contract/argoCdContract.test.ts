import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type {
  ArgoCdApplication,
  ArgoCdApplicationList,
  ArgoCdApplicationTree,
  ArgoCdManifestResponse,
  ArgoCdRevisionMetadata,
} from '@argo-pulse/backstage-plugin-common';
import { parseArgoCdDocument } from './argoCdContract';
import { gitApp, hydratedApp, testInstance } from '../testing/testSimulator';
import { useTestSimulator } from '../testing/useTestSimulator';

const EXAMPLES = resolve(
  __dirname,
  '../../../../test/fixtures/argocd/examples',
);
const example = (file: string) =>
  JSON.parse(readFileSync(resolve(EXAMPLES, file), 'utf8'));

/** What the plugin reads from any Application, extracted the same way from every source. */
function essentials(app: ArgoCdApplication) {
  const sync = app.status?.sync;
  return {
    sync: sync?.status,
    health: app.status?.health?.status,
    revisions: sync?.revisions ?? (sync?.revision ? [sync.revision] : []),
    images: app.status?.summary?.images ?? [],
    phase: app.status?.operationState?.phase,
    historyIds: (app.status?.history ?? []).map(h => h.id),
  };
}

describe('the Argo CD contract (swagger.json, tightened)', () => {
  it.each([
    'velero-test-full-status.json',
    'multi-source-app.json',
    'argo-watcher-out-of-sync-deployment.json',
  ])('accepts the real example document %s', file => {
    expect(() =>
      parseArgoCdDocument<ArgoCdApplication>(
        'v1alpha1Application',
        example(file),
      ),
    ).not.toThrow();
  });

  it.each([
    [
      'velero-test-full-status.json',
      {
        sync: 'Synced',
        health: 'Healthy',
        phase: 'Succeeded',
        images: ['nginx:latest'],
      },
      10,
    ],
    [
      'argo-watcher-out-of-sync-deployment.json',
      {
        sync: 'OutOfSync',
        health: 'Healthy',
        images: ['product-catalog:v0.0.2'],
      },
      0,
    ],
  ])(
    'reads the real example %s as the plugin will',
    (file, expected, historyEntries) => {
      const read = essentials(
        parseArgoCdDocument<ArgoCdApplication>(
          'v1alpha1Application',
          example(file),
        ),
      );
      expect(read).toMatchObject(expected);
      expect(read.historyIds).toHaveLength(historyEntries);
    },
  );

  it('rejects a field Argo CD does not have, and a wrong type', () => {
    expect(() =>
      parseArgoCdDocument('v1alpha1Application', {
        status: { health: { status: 'Healthy', colour: 'green' } },
      }),
    ).toThrow(/colour/);
    expect(() =>
      parseArgoCdDocument('v1alpha1Application', {
        status: { history: [{ id: 'one' }] },
      }),
    ).toThrow(/history\/0\/id/);
    expect(() =>
      parseArgoCdDocument('v1alpha1Application', {
        status: { reconciledAt: 'yesterday' },
      }),
    ).toThrow(/reconciledAt/);
  });
});

// Reads and rollouts on one simulator: its tests run in order.
describe(
  // eslint-disable-next-line jest/valid-describe-callback -- vitest's options argument
  'the simulator answers within the contract',
  { shuffle: false },
  () => {
    const { simulator, argo, login } = useTestSimulator({
      instances: [
        testInstance('main', [
          gitApp('single'),
          gitApp('multi', {
            sources: [
              {
                repoURL: 'https://charts.example.com',
                chart: 'multi',
                targetRevision: '1.2.3',
                helm: { valueFiles: ['$values/multi.yaml'] },
              },
              {
                repoURL: 'https://github.com/acme/values.git',
                targetRevision: 'main',
                ref: 'values',
              },
            ],
            images: ['ghcr.io/acme/multi:1.2.3', 'redis:7'],
          }),
        ]),
      ],
    });

    const get = async <T>(path: string, definition: string) => {
      const response = await argo('main', path);
      expect(response.status).toBe(200);
      return parseArgoCdDocument<T>(definition, await response.json());
    };

    it('the application list, single applications, their trees and managed resources', async () => {
      const list = await get<ArgoCdApplicationList>(
        '/api/v1/applications',
        'v1alpha1ApplicationList',
      );
      expect(list.items).toHaveLength(2);
      for (const name of ['single', 'multi']) {
        await get(`/api/v1/applications/${name}`, 'v1alpha1Application');
        const tree = await get<ArgoCdApplicationTree>(
          `/api/v1/applications/${name}/resource-tree`,
          'v1alpha1ApplicationTree',
        );
        expect(tree.nodes!.map(n => n.kind)).toEqual(
          expect.arrayContaining([
            'Deployment',
            'ReplicaSet',
            'Pod',
            'Service',
          ]),
        );
        await get(
          `/api/v1/applications/${name}/managed-resources`,
          'applicationManagedResourcesResponse',
        );
      }
    });

    it('single- and multi-source applications read through the same code as the examples', async () => {
      const single = await get<ArgoCdApplication>(
        '/api/v1/applications/single',
        'v1alpha1Application',
      );
      const multi = await get<ArgoCdApplication>(
        '/api/v1/applications/multi',
        'v1alpha1Application',
      );
      expect(essentials(single)).toMatchObject({
        sync: 'Synced',
        health: 'Healthy',
        phase: 'Succeeded',
        images: ['ghcr.io/acme/single:1.0.0'],
      });
      expect(essentials(single).revisions[0]).toMatch(/^[0-9a-f]{40}$/);
      expect(essentials(multi).revisions).toEqual([
        '1.2.3',
        expect.stringMatching(/^[0-9a-f]{40}$/),
      ]);
      expect(multi.status?.history?.[0]).toHaveProperty('sources');
      expect(multi.status?.history?.[0]).not.toHaveProperty('source');
    });

    it('revision metadata, projects, can-i, sessions and errors', async () => {
      const single = await get<ArgoCdApplication>(
        '/api/v1/applications/single',
        'v1alpha1Application',
      );
      const metadata = await get<ArgoCdRevisionMetadata>(
        `/api/v1/applications/single/revisions/${
          single.status!.sync!.revision
        }/metadata`,
        'v1alpha1RevisionMetadata',
      );
      expect(metadata.author).toMatch(/<.+@.+>/);
      await get('/api/v1/projects', 'v1alpha1AppProjectList');
      await get(
        '/api/v1/account/can-i/applications/get/default%2Fsingle',
        'accountCanIResponse',
      );
      const session = await login('main');
      parseArgoCdDocument('sessionSessionResponse', await session.json());
      const denied = await argo('main', '/api/v1/applications/nope');
      parseArgoCdDocument('runtimeError', await denied.json());
    });

    it('manifests at a revision, single- and multi-source', async () => {
      const single = await get<ArgoCdApplication>(
        '/api/v1/applications/single',
        'v1alpha1Application',
      );
      const oldest = single.status!.history![0].revision!;
      const manifests = await get<ArgoCdManifestResponse>(
        `/api/v1/applications/single/manifests?revision=${oldest}`,
        'repositoryManifestResponse',
      );
      const deployment = manifests
        .manifests!.map(m => JSON.parse(m))
        .find(m => m.kind === 'Deployment');
      expect(deployment.spec.template.spec.containers[0].image).toMatch(
        /^ghcr\.io\/acme\/single:/,
      );

      const multi = await get<ArgoCdApplication>(
        '/api/v1/applications/multi',
        'v1alpha1Application',
      );
      const [chart, git] = multi.status!.history![0].revisions!;
      const query = `revisions=${chart}&sourcePositions=1&revisions=${git}&sourcePositions=2`;
      await get(
        `/api/v1/applications/multi/manifests?${query}`,
        'repositoryManifestResponse',
      );
      const unknown = await argo(
        'main',
        '/api/v1/applications/single/manifests?revision=0000000000000000000000000000000000000000',
      );
      expect(unknown.status).toBe(500);
      parseArgoCdDocument('runtimeError', await unknown.json());
    });

    it('application after every step of a rollout and a failed one', async () => {
      const instance = simulator().instance('main');
      const app = instance.application('single');
      instance.rollout('single', {
        images: ['ghcr.io/acme/single:2.0.0'],
        manual: true,
      });
      for (let step = 0; step < 4; step++) {
        await get(`/api/v1/applications/single`, 'v1alpha1Application');
        await get(
          `/api/v1/applications/single/resource-tree`,
          'v1alpha1ApplicationTree',
        );
        instance.rollouts.advance(app);
      }
      const single = await get<ArgoCdApplication>(
        `/api/v1/applications/single`,
        'v1alpha1Application',
      );
      expect(essentials(single)).toMatchObject({
        sync: 'Synced',
        health: 'Healthy',
        phase: 'Succeeded',
        images: ['ghcr.io/acme/single:2.0.0'],
      });
      instance.rollout('multi', {
        images: ['ghcr.io/acme/multi:9.9.9'],
        outcome: 'degraded',
        manual: true,
      });
      for (let step = 0; step < 4; step++)
        instance.rollouts.advance(instance.application('multi'));
      const multi = await get<ArgoCdApplication>(
        `/api/v1/applications/multi`,
        'v1alpha1Application',
      );
      expect(essentials(multi)).toMatchObject({
        health: 'Degraded',
        images: expect.arrayContaining(['ghcr.io/acme/multi:9.9.9']),
      });
      await get(
        `/api/v1/applications/multi/resource-tree`,
        'v1alpha1ApplicationTree',
      );
    });
  },
);

describe(
  // eslint-disable-next-line jest/valid-describe-callback -- vitest's options argument
  'a hydrated application (source hydrator) within the contract',
  { shuffle: false },
  () => {
    const { simulator, argo } = useTestSimulator({
      instances: [testInstance('main', [hydratedApp('hydrated')])],
    });

    const get = async <T>(path: string, definition: string) => {
      const response = await argo('main', path);
      expect(response.status).toBe(200);
      return parseArgoCdDocument<T>(definition, await response.json());
    };

    it('spec.sourceHydrator instead of a source; history and sync at the hydrated commit, the dry one in status.sourceHydrator', async () => {
      const app = await get<ArgoCdApplication>(
        '/api/v1/applications/hydrated',
        'v1alpha1Application',
      );
      expect(app.spec).not.toHaveProperty('source');
      expect(app.spec!.sourceHydrator).toEqual({
        drySource: {
          repoURL: 'https://github.com/acme/deployments.git',
          path: 'apps/hydrated',
          targetRevision: 'main',
        },
        syncSource: { targetBranch: 'environments', path: 'env/hydrated' },
      });
      const hydration = app.status!.sourceHydrator!;
      const { drySHA, hydratedSHA } = hydration.lastSuccessfulOperation!;
      expect(drySHA).toMatch(/^[0-9a-f]{40}$/);
      expect(hydratedSHA).toMatch(/^[0-9a-f]{40}$/);
      expect(hydratedSHA).not.toBe(drySHA);
      expect(hydration.currentOperation).toMatchObject({
        drySHA,
        hydratedSHA,
        phase: 'Hydrated',
      });
      expect(app.status!.sync!.revision).toBe(hydratedSHA);
      expect(app.status!.operationState!.syncResult!.revision).toBe(
        hydratedSHA,
      );
      expect(app.status!.history!.at(-1)).toMatchObject({
        revision: hydratedSHA,
        source: {
          repoURL: 'https://github.com/acme/deployments.git',
          path: 'env/hydrated',
          targetRevision: 'environments',
        },
      });
      // Both commits are in the repository: the dry one CI made, the hydrated one Argo CD's.
      const dry = await get<ArgoCdRevisionMetadata>(
        `/api/v1/applications/hydrated/revisions/${drySHA}/metadata`,
        'v1alpha1RevisionMetadata',
      );
      expect(dry.message).toMatch(/^chore\(deploy\)/);
      const hydrated = await get<ArgoCdRevisionMetadata>(
        `/api/v1/applications/hydrated/revisions/${hydratedSHA}/metadata`,
        'v1alpha1RevisionMetadata',
      );
      expect(hydrated.message).toMatch(new RegExp(`^${drySHA!.slice(0, 7)}: `));
    });

    it('the list projects status.sourceHydrator', async () => {
      const fields = [
        'items.metadata.name',
        'items.spec',
        'items.status.sourceHydrator',
      ].join(',');
      const list = await get<ArgoCdApplicationList>(
        `/api/v1/applications?fields=${fields}`,
        'v1alpha1ApplicationList',
      );
      expect(
        list.items![0].status!.sourceHydrator!.lastSuccessfulOperation,
      ).toHaveProperty('drySHA');
    });

    it('a rollout of a dry commit syncs its hydrated commit', async () => {
      const instance = simulator().instance('main');
      const app = instance.application('hydrated');
      const dryRevision = 'c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1';
      const rollout = instance.rollout('hydrated', {
        images: ['ghcr.io/acme/hydrated:2.0.0'],
        revision: dryRevision,
        manual: true,
      });
      expect(rollout.dryRevision).toBe(dryRevision);
      const [hydratedSHA] = rollout.revisions;
      expect(hydratedSHA).not.toBe(dryRevision);
      for (let step = 0; step < 4; step++) {
        await get('/api/v1/applications/hydrated', 'v1alpha1Application');
        instance.rollouts.advance(app);
      }
      const after = await get<ArgoCdApplication>(
        '/api/v1/applications/hydrated',
        'v1alpha1Application',
      );
      expect(after.status!.sourceHydrator!.lastSuccessfulOperation).toEqual(
        expect.objectContaining({ drySHA: dryRevision, hydratedSHA }),
      );
      expect(after.status!.sync).toMatchObject({
        status: 'Synced',
        revision: hydratedSHA,
      });
      expect(after.status!.history!.at(-1)!.revision).toBe(hydratedSHA);
    });
  },
);
