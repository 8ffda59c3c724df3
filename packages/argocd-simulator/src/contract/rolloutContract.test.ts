import type {
  ArgoCdApplicationResourceResponse,
  ArgoCdApplicationTree,
} from '@argo-pulse/backstage-plugin-common';
import { RESOURCE_QUERY_KEYS } from '../api/resourceRoutes';
import { rolloutApp, testInstance } from '../testing/testSimulator';
import { useTestSimulator } from '../testing/useTestSimulator';
import {
  parseArgoCdDocument,
  queryParameters,
  responseDefinition,
} from './argoCdContract';

const RESOURCE = '/api/v1/applications/{name}/resource';

// Rollouts walked step by step on one simulator: its tests run in order.
describe(
  // eslint-disable-next-line jest/valid-describe-callback -- vitest's options argument
  'applications that run Argo Rollouts, within the contract',
  { shuffle: false },
  () => {
    const { simulator, argo } = useTestSimulator({
      instances: [
        testInstance('main', [
          rolloutApp('canary'),
          rolloutApp('bluegreen', {
            strategy: 'blueGreen',
            autoPromotion: false,
          }),
        ]),
      ],
    });

    const get = async <T>(path: string, definition: string) => {
      const response = await argo('main', path);
      expect(response.status).toBe(200);
      return parseArgoCdDocument<T>(definition, await response.json());
    };

    /** Every read of the application, each checked against swagger.json; `/resource` for each tree node. */
    const readAll = async (name: string) => {
      await get(`/api/v1/applications/${name}`, 'v1alpha1Application');
      await get(
        `/api/v1/applications/${name}/managed-resources`,
        'applicationManagedResourcesResponse',
      );
      await get(
        `/api/v1/applications/${name}/manifests`,
        'repositoryManifestResponse',
      );
      const tree = await get<ArgoCdApplicationTree>(
        `/api/v1/applications/${name}/resource-tree`,
        'v1alpha1ApplicationTree',
      );
      for (const node of tree.nodes!) {
        const query = new URLSearchParams({
          namespace: node.namespace ?? '',
          resourceName: node.name!,
          version: node.version!,
          group: node.group ?? '',
          kind: node.kind!,
        });
        const answer = await get<ArgoCdApplicationResourceResponse>(
          `/api/v1/applications/${name}/resource?${query}`,
          responseDefinition('get', RESOURCE),
        );
        expect(JSON.parse(answer.manifest!)).toMatchObject({
          kind: node.kind,
          metadata: { name: node.name },
        });
      }
      return tree;
    };

    it('the route reads only the query parameters swagger.json declares, and answers its definitions', async () => {
      expect(queryParameters('get', RESOURCE)).toEqual(
        expect.arrayContaining(RESOURCE_QUERY_KEYS),
      );
      expect(responseDefinition('get', RESOURCE)).toBe(
        'applicationApplicationResourceResponse',
      );
      const missing = await argo(
        'main',
        '/api/v1/applications/canary/resource?kind=Rollout&group=argoproj.io&resourceName=nope',
      );
      expect(missing.status).toBe(400);
      parseArgoCdDocument(
        responseDefinition('get', RESOURCE, 'default'),
        await missing.json(),
      );
    });

    it('a canary after every step, through a failed analysis', async () => {
      const instance = simulator().instance('main');
      const app = instance.application('canary');
      instance.rollout('canary', {
        images: ['ghcr.io/acme/canary:2.0.0'],
        analysis: 'failed',
        manual: true,
      });
      let status = instance.rollouts.status(app)!;
      const phases = [status.phase];
      while (!status.done) {
        await readAll('canary');
        status = status.rollout?.awaitingPromotion
          ? instance.promote('canary')
          : instance.rollouts.advance(app)!;
        phases.push(status.phase);
      }
      await readAll('canary');
      expect(phases).toEqual([
        'out-of-sync',
        'syncing',
        'progressing',
        'step-1-set-weight',
        'step-2-pause',
        'step-3-set-weight',
        'step-4-analysis',
        'aborted',
      ]);
    });

    it('a blue-green Rollout through its promotion', async () => {
      const instance = simulator().instance('main');
      const app = instance.application('bluegreen');
      instance.rollout('bluegreen', {
        images: ['ghcr.io/acme/bluegreen:2.0.0'],
        manual: true,
      });
      for (let step = 0; step < 4; step++) {
        await readAll('bluegreen');
        instance.rollouts.advance(app);
      }
      await readAll('bluegreen');
      instance.promote('bluegreen');
      const tree = await readAll('bluegreen');
      expect(tree.nodes!.map(n => n.kind)).toEqual(
        expect.arrayContaining(['Rollout', 'ReplicaSet', 'Pod', 'Service']),
      );
    });
  },
);
