import type { ArgoRollout } from '@argo-pulse/backstage-plugin-common';
import { expectArgoError } from '../testing/expectArgoError';
import {
  gitApp,
  rolloutApp,
  TEST_TOKEN,
  testInstance,
} from '../testing/testSimulator';
import { useTestSimulator } from '../testing/useTestSimulator';

/** An API key that may read applications. */
const VIEWER_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ2aWV3ZXIifQ.dmlld2Vy';
/** An API key that may do nothing at all, not even read. */
const NOBODY_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJub2JvZHkifQ.bm9ib2R5';

const { simulator, argo } = useTestSimulator({
  instances: [
    {
      ...testInstance('main', [
        rolloutApp('shop', undefined, { project: 'storefront' }),
        gitApp('api'),
        rolloutApp('tenant', undefined, { namespace: 'tenant-a' }),
        rolloutApp('cart-api-prod', {
          strategy: 'canary',
          steps: [],
          name: 'cart-api',
        }),
      ]),
      auth: {
        tokens: [
          TEST_TOKEN,
          { token: VIEWER_TOKEN, rbac: ['get'] },
          { token: NOBODY_TOKEN, rbac: [] },
        ],
      },
    },
  ],
});

/** `GET .../resource` with the query Argo Pulse sends for a Rollout, and any other fields given. */
const getResource = (
  app: string,
  query: Record<string, string> = {},
  token = TEST_TOKEN,
) => {
  const params = new URLSearchParams({
    namespace: app,
    resourceName: app,
    version: 'v1alpha1',
    group: 'argoproj.io',
    kind: 'Rollout',
    ...query,
  });
  return argo('main', `/api/v1/applications/${app}/resource?${params}`, {
    token,
  });
};
const manifestOf = async (response: Response) => {
  expect(response.status).toBe(200);
  const body = (await response.json()) as { manifest: string };
  expect(Object.keys(body)).toEqual(['manifest']);
  return JSON.parse(body.manifest);
};

describe('GET /api/v1/applications/{name}/resource', () => {
  it('answers the live Rollout as a JSON string in manifest: spec, status and conditions', async () => {
    const rollout = (await manifestOf(
      await getResource('shop'),
    )) as ArgoRollout;
    expect(rollout).toMatchObject({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: {
        name: 'shop',
        namespace: 'shop',
        annotations: { 'rollout.argoproj.io/revision': '3' },
      },
      spec: {
        template: {
          spec: {
            containers: [{ name: 'shop', image: 'ghcr.io/acme/shop:1.0.0' }],
          },
        },
        strategy: {
          canary: { stableService: 'shop', canaryService: 'shop-canary' },
        },
      },
      status: { phase: 'Healthy', observedGeneration: '3' },
    });
    expect(rollout.status!.conditions!.map(c => c.type)).toEqual([
      'Available',
      'Completed',
      'Healthy',
      'Progressing',
    ]);
  });

  it('answers every object of the tree: Services, Deployments, ReplicaSets and Pods', async () => {
    const tree = await (
      await argo('main', '/api/v1/applications/shop/resource-tree')
    ).json();
    for (const node of tree.nodes as Array<Record<string, string>>) {
      const object = await manifestOf(
        await getResource('shop', {
          group: node.group ?? '',
          version: node.version,
          kind: node.kind,
          namespace: node.namespace,
          resourceName: node.name,
        }),
      );
      expect(object).toMatchObject({
        kind: node.kind,
        metadata: { name: node.name },
      });
    }
    const pod = tree.nodes.find((n: { kind: string }) => n.kind === 'Pod');
    expect(
      await manifestOf(
        await getResource('shop', {
          group: '',
          version: 'v1',
          kind: 'Pod',
          resourceName: pod.name,
        }),
      ),
    ).toMatchObject({
      spec: { containers: [{ image: 'ghcr.io/acme/shop:1.0.0' }] },
      metadata: {
        ownerReferences: [{ kind: 'ReplicaSet', name: pod.parentRefs[0].name }],
      },
    });
    const deployment = await manifestOf(
      await getResource('api', {
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
        namespace: 'api',
        resourceName: 'api',
      }),
    );
    expect(deployment.spec.template.spec.containers[0].image).toBe(
      'ghcr.io/acme/api:1.0.0',
    );
  });

  it.each([
    ['an unknown name', { resourceName: 'nope' }, 'Rollout argoproj.io nope not found as part of application shop'],
    ['another kind', { kind: 'Deployment', group: 'apps' }, 'Deployment apps shop not found as part of application shop'],
    ['another namespace', { namespace: 'elsewhere' }, 'Rollout argoproj.io shop not found as part of application shop'],
    ['no group', { group: '' }, 'Rollout  shop not found as part of application shop'],
  ])('answers 400 code 3 for %s, as Argo CD does for an object not in the application', async (_what, query, message) => {
    await expectArgoError(await getResource('shop', query), 400, 3, message);
  }); // prettier-ignore

  it('names the Rollout as the application unless rollout.name says otherwise', async () => {
    const named = await getResource('cart-api-prod', {
      namespace: 'cart-api-prod',
      resourceName: 'cart-api',
    });
    expect(await manifestOf(named)).toMatchObject({
      metadata: { name: 'cart-api' },
      spec: {
        template: { spec: { containers: [{ name: 'cart-api-prod' }] } },
      },
    });
    await expectArgoError(
      await getResource('cart-api-prod'),
      400,
      3,
      'Rollout argoproj.io cart-api-prod not found as part of application cart-api-prod',
    );
  });

  it('finds an application in another namespace by appNamespace, and its project by project', async () => {
    const params = { appNamespace: 'tenant-a' };
    expect((await getResource('tenant', params)).status).toBe(200);
    expect((await getResource('shop', { project: 'storefront' })).status).toBe(
      200,
    );
    await expectArgoError(
      await getResource('tenant'),
      403,
      7,
      'permission denied',
    );
    await expectArgoError(
      await getResource('shop', { project: 'default' }),
      404,
      5,
      'applications.argoproj.io "shop" not found',
    );
  });

  it('needs get on applications, like the other application reads', async () => {
    expect((await getResource('shop', {}, VIEWER_TOKEN)).status).toBe(200);
    await expectArgoError(
      await getResource('shop', {}, NOBODY_TOKEN),
      403,
      7,
      'permission denied',
    );
    await expectArgoError(
      await getResource('ghost'),
      403,
      7,
      'permission denied',
    );
  });

  it('is counted as its own endpoint', async () => {
    const counters = simulator().instance('main').counters;
    const before = counters.requestsTo(
      'GET /api/v1/applications/{name}/resource',
    );
    await getResource('shop');
    expect(
      counters.requestsTo('GET /api/v1/applications/{name}/resource'),
    ).toBe(before + 1);
  });
});
