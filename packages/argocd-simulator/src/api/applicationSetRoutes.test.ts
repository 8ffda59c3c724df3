import type {
  ArgoCdApplication,
  ArgoCdApplicationSet,
  ArgoCdApplicationSetList,
} from '@argo-pulse/backstage-plugin-common';
import { expectArgoError } from '../testing/expectArgoError';
import {
  gitApp,
  TEST_TOKEN,
  TEST_USER,
  testInstance,
} from '../testing/testSimulator';
import { useTestSimulator } from '../testing/useTestSimulator';

const LABEL = 'argocd.argoproj.io/application-set-name';
const NEW = 'ghcr.io/acme/shop-eu:2.0.0';

/** An API key of account `viewer` (`iat` 2025-01-01T00:00:00Z) that reads applications only. */
const VIEWER_TOKEN = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(
  JSON.stringify({ sub: 'viewer:apiKey', iat: 1735689600 }),
).toString('base64url')}.dmlld2Vy`;
/** An API key that reads ApplicationSets (and nothing else). */
const APPSET_READER_TOKEN = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(
  JSON.stringify({ sub: 'reader:apiKey' }),
).toString('base64url')}.cmVhZGVy`;

const member = (
  name: string,
  set: string,
  region: string,
  health = 'Healthy',
) =>
  gitApp(name, {
    project: 'shop',
    labels: { app: name, region, [LABEL]: set },
    images: [`ghcr.io/acme/${name}:1.0.0`],
    health: health as 'Healthy',
  });

const { simulator, argo } = useTestSimulator({
  instances: [
    {
      ...testInstance('main', [
        member('shop-eu', 'shop', 'eu'),
        member('shop-us', 'shop', 'us'),
        member('web-eu', 'web', 'eu', 'Degraded'),
        member('web-us', 'web', 'us', 'Progressing'),
        gitApp('alone'),
        {
          ...member('tenant-app', 'tenant-set', 'eu'),
          namespace: 'tenant-a',
        },
      ]),
      applicationSets: [
        {
          name: 'shop',
          project: 'shop',
          labels: { team: 'shop' },
          rollingSync: {
            steps: [
              {
                matchExpressions: [
                  { key: 'region', operator: 'In', values: ['eu'] },
                ],
              },
              {
                matchExpressions: [
                  { key: 'region', operator: 'In', values: ['us'] },
                ],
                maxUpdate: '50%',
              },
            ],
          },
        },
        { name: 'web', project: 'web' },
        { name: 'tenant-set', namespace: 'tenant-a' },
      ],
      auth: {
        users: [TEST_USER],
        tokens: [
          TEST_TOKEN,
          { token: VIEWER_TOKEN, rbac: ['get'] },
          { token: APPSET_READER_TOKEN, rbac: ['applicationsets/get'] },
        ],
      },
    },
  ],
});

async function getSet(name: string, query = ''): Promise<ArgoCdApplicationSet> {
  const response = await argo(
    'main',
    `/api/v1/applicationsets/${name}${query}`,
  );
  expect(response.status).toBe(200);
  return response.json();
}

const steps = (set: ArgoCdApplicationSet) =>
  set.status!.applicationStatus!.map(
    s => `${s.application}: step ${s.step} ${s.status}`,
  );

describe('GET /api/v1/applicationsets', () => {
  it('lists the ApplicationSets of the instance, sorted by namespace and name', async () => {
    // Other tests of this file list them too, in any order.
    simulator().instance('main').counters.reset();
    const response = await argo('main', '/api/v1/applicationsets');
    expect(response.status).toBe(200);
    const list: ArgoCdApplicationSetList = await response.json();
    expect(list.metadata?.resourceVersion).toMatch(/^\d+$/);
    expect(
      list.items!.map(s => `${s.metadata!.namespace}/${s.metadata!.name}`),
    ).toEqual(['argocd/shop', 'argocd/web', 'tenant-a/tenant-set']);
    expect(
      simulator()
        .instance('main')
        .counters.requestsTo('GET /api/v1/applicationsets'),
    ).toBe(1);
  });

  it.each([
    ['?projects=web', ['web']],
    ['?projects=web&projects=shop', ['shop', 'web']],
    ['?selector=team%3Dshop', ['shop']],
    ['?appsetNamespace=tenant-a', ['tenant-set']],
    ['?projects=nothing', []],
  ])('filters with %s', async (query, names) => {
    const response = await argo('main', `/api/v1/applicationsets${query}`);
    const list: ArgoCdApplicationSetList = await response.json();
    // An empty list is `[]`: Argo CD makes this slice, unlike the applications' (`null`).
    expect(list.items!.map(s => s.metadata!.name)).toEqual(names);
  });

  it('refuses a selector that does not parse, as Argo CD does', async () => {
    const response = await argo(
      'main',
      '/api/v1/applicationsets?selector=a%3D%3D%3Db',
    );
    expect(response.status).toBe(500);
    expect((await response.json()).message).toMatch(
      /^error parsing the selector: /,
    );
  });

  it('leaves out what the token may not get (applications rights are not enough)', async () => {
    const denied = await argo('main', '/api/v1/applicationsets', {
      token: VIEWER_TOKEN,
    });
    expect(denied.status).toBe(200);
    expect((await denied.json()).items).toEqual([]);
    const allowed = await argo('main', '/api/v1/applicationsets', {
      token: APPSET_READER_TOKEN,
    });
    expect((await allowed.json()).items).toHaveLength(3);
  });
});

describe('GET /api/v1/applicationsets/{name}', () => {
  it('answers the set with its strategy, resources and health, counted per endpoint', async () => {
    const counters = simulator().instance('main').counters;
    const before = counters.requestsTo('GET /api/v1/applicationsets/{name}');
    const set = await getSet('shop');
    expect(counters.requestsTo('GET /api/v1/applicationsets/{name}')).toBe(
      before + 1,
    );
    expect(set).toMatchObject({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: 'shop', namespace: 'argocd', labels: { team: 'shop' } },
      spec: {
        template: { spec: { project: 'shop' } },
        strategy: {
          type: 'RollingSync',
          rollingSync: {
            steps: [
              {
                matchExpressions: [
                  { key: 'region', operator: 'In', values: ['eu'] },
                ],
              },
              {
                matchExpressions: [
                  { key: 'region', operator: 'In', values: ['us'] },
                ],
                maxUpdate: '50%',
              },
            ],
          },
        },
      },
      status: { health: { status: 'Healthy' }, resourcesCount: 2 },
    });
    expect(
      set.status!.resources!.map(r => [
        r.kind,
        r.name,
        r.status,
        r.health?.status,
      ]),
    ).toEqual([
      ['Application', 'shop-eu', 'Synced', 'Healthy'],
      ['Application', 'shop-us', 'Synced', 'Healthy'],
    ]);
    expect(steps(set)).toEqual([
      'shop-eu: step 1 Healthy',
      'shop-us: step 2 Healthy',
    ]);
    expect(
      set.status!.conditions!.find(c => c.type === 'RolloutProgressing'),
    ).toMatchObject({
      status: 'False',
      reason: 'ApplicationSetRolloutComplete',
    });
  });

  it('rolls health up to the worst of its applications (Argo CD 3.4), without steps when all at once', async () => {
    const set = await getSet('web');
    expect(set.status!.health).toEqual({ status: 'Degraded' });
    expect(set.spec!.strategy).toBeUndefined();
    expect(set.status!.applicationStatus).toBeUndefined();
    expect(set.status!.conditions!.map(c => c.type)).toEqual([
      'ErrorOccurred',
      'ParametersGenerated',
      'ResourcesUpToDate',
    ]);
  });

  it('reads a set in another namespace with appsetNamespace', async () => {
    expect(
      (await getSet('tenant-set', '?appsetNamespace=tenant-a')).status!
        .resourcesCount,
    ).toBe(1);
    await expectArgoError(
      await argo('main', '/api/v1/applicationsets/tenant-set'),
      404,
      5,
      'error getting ApplicationSet: applicationset.argoproj.io "tenant-set" not found',
    );
    await expectArgoError(
      await argo(
        'main',
        '/api/v1/applicationsets/shop?appsetNamespace=elsewhere',
      ),
      403,
      7,
      "namespace 'elsewhere' is not permitted",
    );
  });

  it("answers 404 for an unknown set and 403 with the enforcer's message without applicationsets, get", async () => {
    await expectArgoError(
      await argo('main', '/api/v1/applicationsets/nope'),
      404,
      5,
      'error getting ApplicationSet: applicationset.argoproj.io "nope" not found',
    );
    await expectArgoError(
      await argo('main', '/api/v1/applicationsets/shop', {
        token: VIEWER_TOKEN,
      }),
      403,
      7,
      'permission denied: applicationsets, get, shop/shop, sub: viewer, iat: 2025-01-01T00:00:00Z',
    );
    expect(
      (
        await argo('main', '/api/v1/applicationsets/shop', {
          token: APPSET_READER_TOKEN,
        })
      ).status,
    ).toBe(200);
  });
});

describe('generated applications', () => {
  it('carry the label and a controller ownerReference to their ApplicationSet', async () => {
    const set = await getSet('shop');
    const response = await argo('main', '/api/v1/applications/shop-eu');
    const app: ArgoCdApplication = await response.json();
    expect(app.metadata!.labels![LABEL]).toBe('shop');
    expect(app.metadata!.ownerReferences).toEqual([
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'ApplicationSet',
        name: 'shop',
        uid: set.metadata!.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    const alone: ArgoCdApplication = await (
      await argo('main', '/api/v1/applications/alone')
    ).json();
    expect(alone.metadata!.ownerReferences).toBeUndefined();
  });

  it('created through the control API, must name a declared ApplicationSet', () => {
    const instance = simulator().instance('main');
    expect(() =>
      instance.createApplication(member('late', 'unknown-set', 'eu')),
    ).toThrow(/declares no ApplicationSet "unknown-set"/);
    const late = instance.createApplication(member('late', 'web', 'eu'));
    expect(late.doc.metadata.ownerReferences![0].name).toBe('web');
    instance.deleteApplication('late');
  });
});

// One rollout of the first step's application, step by step: the tests run in order.
describe(
  // eslint-disable-next-line jest/valid-describe-callback -- vitest's options argument
  'a RollingSync while the first step rolls out',
  { shuffle: false },
  () => {
    const instance = () => simulator().instance('main');
    const advance = () =>
      instance().rollouts.advance(instance().application('shop-eu'))!;

    it('the commit lands: step 1 Pending, step 2 Waiting, the rollout in progress', async () => {
      instance().rollout('shop-eu', { images: [NEW], manual: true });
      const set = await getSet('shop');
      expect(steps(set)).toEqual([
        'shop-eu: step 1 Pending',
        'shop-us: step 2 Waiting',
      ]);
      expect(set.status!.applicationStatus![1].message).toBe(
        'Application has pending changes, setting status to Waiting.',
      );
      expect(
        set.status!.conditions!.find(c => c.type === 'RolloutProgressing'),
      ).toMatchObject({
        status: 'True',
        reason: 'ApplicationSetModified',
      });
    });

    it('syncing, then pods rolling: step 1 Progressing, step 2 still Waiting', async () => {
      expect(advance().phase).toBe('syncing');
      expect(steps(await getSet('shop'))).toEqual([
        'shop-eu: step 1 Progressing',
        'shop-us: step 2 Waiting',
      ]);
      expect(advance().phase).toBe('progressing');
      const set = await getSet('shop');
      expect(steps(set)).toEqual([
        'shop-eu: step 1 Progressing',
        'shop-us: step 2 Waiting',
      ]);
      expect(set.status!.health).toEqual({ status: 'Progressing' });
    });

    it('healthy: both steps Healthy, the rollout complete, the new revision recorded', async () => {
      expect(advance()).toMatchObject({ phase: 'healthy', done: true });
      const set = await getSet('shop');
      expect(steps(set)).toEqual([
        'shop-eu: step 1 Healthy',
        'shop-us: step 2 Healthy',
      ]);
      expect(set.status!.applicationStatus![0]).toMatchObject({
        message:
          'Application resource became Healthy, updating status from Progressing to Healthy.',
        targetrevisions: instance().rollouts.status(
          instance().application('shop-eu'),
        )!.revisions,
      });
      expect(set.status!.health).toEqual({ status: 'Healthy' });
      expect(
        set.status!.conditions!.find(c => c.type === 'RolloutProgressing')
          ?.status,
      ).toBe('False');
    });
  },
);
