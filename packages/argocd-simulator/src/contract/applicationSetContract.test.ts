import type {
  ArgoCdApplication,
  ArgoCdApplicationSet,
  ArgoCdApplicationSetList,
} from '@argo-pulse/backstage-plugin-common';
import {
  parseArgoCdDocument,
  queryParameters,
  responseDefinition,
} from './argoCdContract';
import { gitApp, testInstance } from '../testing/testSimulator';
import { useTestSimulator } from '../testing/useTestSimulator';

const LIST = '/api/v1/applicationsets';
const GET = '/api/v1/applicationsets/{name}';
const LABEL = 'argocd.argoproj.io/application-set-name';

/** The query parameters the simulator's routes read. */
const LIST_QUERY_KEYS = ['projects', 'selector', 'appsetNamespace'];
const GET_QUERY_KEYS = ['appsetNamespace'];

// Reads before, during and after a rollout on one simulator: the tests run in order.
describe(
  // eslint-disable-next-line jest/valid-describe-callback -- vitest's options argument
  'ApplicationSets within the contract',
  { shuffle: false },
  () => {
    const { simulator, argo } = useTestSimulator({
      instances: [
        {
          ...testInstance('main', [
            gitApp('shop-eu', { labels: { region: 'eu', [LABEL]: 'shop' } }),
            gitApp('shop-us', { labels: { region: 'us', [LABEL]: 'shop' } }),
          ]),
          applicationSets: [
            {
              name: 'shop',
              rollingSync: {
                steps: [
                  {
                    matchExpressions: [
                      { key: 'region', operator: 'In', values: ['eu'] },
                    ],
                    maxUpdate: 1,
                  },
                  {
                    matchExpressions: [
                      { key: 'region', operator: 'NotIn', values: ['eu'] },
                    ],
                    maxUpdate: '25%',
                  },
                ],
              },
            },
            { name: 'empty' },
          ],
        },
      ],
    });

    const get = async <T>(path: string, definition: string) => {
      const response = await argo('main', path);
      expect(response.status).toBe(200);
      return parseArgoCdDocument<T>(definition, await response.json());
    };

    it('the routes read only query parameters swagger.json declares, and answer its definitions', async () => {
      expect(queryParameters('get', LIST)).toEqual(
        expect.arrayContaining(LIST_QUERY_KEYS),
      );
      expect(queryParameters('get', GET)).toEqual(
        expect.arrayContaining(GET_QUERY_KEYS),
      );
      expect(responseDefinition('get', LIST)).toBe(
        'v1alpha1ApplicationSetList',
      );
      expect(responseDefinition('get', GET)).toBe('v1alpha1ApplicationSet');
      const list = await get<ArgoCdApplicationSetList>(
        `${LIST}?projects=default&selector=&appsetNamespace=argocd`,
        responseDefinition('get', LIST),
      );
      expect(list.items).toHaveLength(2);
      await get<ArgoCdApplicationSet>(
        '/api/v1/applicationsets/empty?appsetNamespace=argocd',
        responseDefinition('get', GET),
      );
    });

    it('an error answer is a runtimeError', async () => {
      const response = await argo('main', '/api/v1/applicationsets/nope');
      expect(response.status).toBe(404);
      parseArgoCdDocument(
        responseDefinition('get', GET, 'default'),
        await response.json(),
      );
    });

    it('a generated application with its ownerReference is a valid Application', async () => {
      const app = await get<ArgoCdApplication>(
        '/api/v1/applications/shop-eu',
        'v1alpha1Application',
      );
      expect(app.metadata!.ownerReferences![0].kind).toBe('ApplicationSet');
    });

    it('the status during a rollout is within the contract', async () => {
      const instance = simulator().instance('main');
      instance.rollout('shop-eu', {
        images: ['ghcr.io/acme/shop-eu:2.0.0'],
        manual: true,
      });
      const app = instance.application('shop-eu');
      for (const phase of ['syncing', 'progressing', 'healthy']) {
        const set = await get<ArgoCdApplicationSet>(
          '/api/v1/applicationsets/shop',
          'v1alpha1ApplicationSet',
        );
        expect(set.status!.applicationStatus).toHaveLength(2);
        expect(instance.rollouts.advance(app)!.phase).toBe(phase);
      }
    });
  },
);
