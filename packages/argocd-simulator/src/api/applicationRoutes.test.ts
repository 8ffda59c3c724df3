import type {
  ArgoCdApplication,
  ArgoCdApplicationList,
} from '@argo-pulse/backstage-plugin-common';
import {
  gitApp,
  TEST_TOKEN,
  TEST_USER,
  testInstance,
} from '../testing/testSimulator';
import { expectArgoError } from '../testing/expectArgoError';
import { useTestSimulator } from '../testing/useTestSimulator';

/** The simulator's clock runs this far ahead of the real one: the session test moves it instead of sleeping. */
let clockAheadMs = 0;

const { simulator, argo, login } = useTestSimulator(
  {
    instances: [
      {
        ...testInstance('main', [
          gitApp('api', {
            project: 'payments',
            labels: { team: 'payments', tier: 'backend', env: 'prod' },
          }),
          gitApp('web', {
            project: 'storefront',
            labels: { team: 'storefront', tier: 'frontend', env: 'prod' },
          }),
          gitApp('worker', {
            project: 'payments',
            labels: { team: 'payments', env: 'dev' },
          }),
          gitApp('tenant-app', { namespace: 'tenant-a', labels: {} }),
          gitApp('chart', {
            sources: [
              {
                repoURL: 'https://charts.example.com',
                chart: 'chart',
                targetRevision: '2.0.0',
              },
            ],
          }),
        ]),
        auth: {
          users: [TEST_USER],
          tokens: [TEST_TOKEN],
          sessionTtlSeconds: 60,
        },
      },
      testInstance('empty', []),
    ],
  },
  { loginFailureDelayMs: 30, now: () => new Date(Date.now() + clockAheadMs) },
);

const list = async (query = '', instance = 'main') => {
  const response = await argo(instance, `/api/v1/applications${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as ArgoCdApplicationList;
};
const names = (l: ArgoCdApplicationList) =>
  (l.items ?? []).map(a => a.metadata!.name);

describe('authentication', () => {
  it.each([
    ['no token', null, 'no session information'],
    ['a token that is not a JWT', 'not-a-jwt', 'no session information'],
    [
      'an unknown JWT',
      'aaa.bbb.ccc',
      'invalid session: token signature is invalid',
    ],
  ])('answers 401 code 16 for %s', async (_what, token, message) => {
    const response = await argo('main', '/api/v1/applications', { token });
    await expectArgoError(response, 401, 16, message);
  });

  it('logs in with a local account and accepts the session token, as bearer or cookie', async () => {
    const response = await login('main', TEST_USER);
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    expect(token.split('.')).toHaveLength(3);
    expect(response.headers.get('set-cookie')).toMatch(/^argocd\.token=/);
    expect((await argo('main', '/api/v1/applications', { token })).status).toBe(
      200,
    );
    const viaCookie = await fetch(
      `${simulator().instanceUrl('main')}/api/v1/applications`,
      { headers: { Cookie: `argocd.token=${token}` } },
    );
    expect(viaCookie.status).toBe(200);
  });

  it('refuses bad credentials with Argo CD messages', async () => {
    const wrong = await login('main', { username: 'admin', password: 'nope' });
    await expectArgoError(wrong, 401, 16, 'Invalid username or password');
    const empty = await login('main', { username: '', password: '' });
    await expectArgoError(empty, 401, 16, 'no credentials supplied');
  });

  it('expires session tokens after their lifetime', async () => {
    const { token } = (await (await login('main', TEST_USER)).json()) as {
      token: string;
    };
    expect((await argo('main', '/api/v1/applications', { token })).status).toBe(
      200,
    );
    clockAheadMs = 61_000;
    try {
      const response = await argo('main', '/api/v1/applications', { token });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({
        message: 'invalid session: token has invalid claims: token is expired',
      });
    } finally {
      clockAheadMs = 0;
    }
  });
});

describe('GET /api/v1/applications', () => {
  it('lists every application with the list resourceVersion', async () => {
    const all = await list();
    expect(names(all)).toEqual(['api', 'chart', 'web', 'worker', 'tenant-app']);
    expect(all.metadata?.resourceVersion).toMatch(/^\d+$/);
    expect(all.items![0].metadata!.resourceVersion).toMatch(/^\d+$/);
  });

  it('answers items: null when nothing matches', async () => {
    expect((await list('', 'empty')).items).toBeNull();
    expect((await list('?name=missing')).items).toBeNull();
  });

  it.each([
    ['?name=web', ['web']],
    ['?projects=payments', ['api', 'worker']],
    ['?projects=payments&projects=storefront', ['api', 'web', 'worker']],
    ['?appNamespace=tenant-a', ['tenant-app']],
    ['?repo=https://charts.example.com', ['chart']],
    [
      '?repo=https://GitHub.com/acme/deployments',
      ['api', 'web', 'worker', 'tenant-app'],
    ],
    ['?selector=team%3Dpayments', ['api', 'worker']],
    ['?selector=team%3D%3Dpayments,env!%3Ddev', ['api']],
    ['?selector=tier%20in%20(backend,frontend)', ['api', 'web']],
    ['?selector=team%20notin%20(payments)', ['chart', 'web', 'tenant-app']],
    ['?selector=tier', ['api', 'web']],
    ['?selector=!tier', ['chart', 'worker', 'tenant-app']],
  ])('filters with %s', async (query, expected) => {
    expect(names(await list(query))).toEqual(expected);
  });

  it('refuses a selector that does not parse', async () => {
    const response = await argo(
      'main',
      '/api/v1/applications?selector=team%20in%20(a',
    );
    await expectArgoError(response, 500, 2, /^error parsing the selector/);
  });

  it('projects the list with fields, keeping the list metadata', async () => {
    const projected = await list(
      '?fields=items.metadata.name,items.status.sync.status,items.status.sync.revision&name=api',
    );
    expect(projected).toEqual({
      metadata: { resourceVersion: expect.any(String) },
      items: [
        { metadata: { name: 'api' }, status: { sync: { status: 'Synced' } } },
      ],
    });
  });

  it('changes the list resourceVersion when an application changes', async () => {
    const before = (await list()).metadata!.resourceVersion;
    simulator()
      .instance('main')
      .rollout('worker', { images: ['ghcr.io/acme/worker:2'], manual: true });
    const after = (await list()).metadata!.resourceVersion;
    expect(Number(after)).toBeGreaterThan(Number(before));
  });
});

describe('GET /api/v1/applications/{name}', () => {
  it('answers the full application', async () => {
    const response = await argo('main', '/api/v1/applications/api');
    const app = (await response.json()) as ArgoCdApplication;
    expect(app.status).toMatchObject({
      sync: { status: 'Synced' },
      health: { status: 'Healthy' },
      resourceHealthSource: 'appTree',
    });
    expect(app.status?.history).toHaveLength(3);
    expect(app.status?.reconciledAt).toBeDefined();
  });

  it('answers 403 permission denied for an unknown application, 404 when a project was named', async () => {
    const unknown = await argo('main', '/api/v1/applications/ghost');
    await expectArgoError(unknown, 403, 7, 'permission denied');
    const withProject = await argo(
      'main',
      '/api/v1/applications/ghost?project=payments',
    );
    await expectArgoError(
      withProject,
      404,
      5,
      'applications.argoproj.io "ghost" not found',
    );
  });

  it('finds applications in other namespaces only with appNamespace', async () => {
    expect((await argo('main', '/api/v1/applications/tenant-app')).status).toBe(
      403,
    );
    expect(
      (
        await argo(
          'main',
          '/api/v1/applications/tenant-app?appNamespace=tenant-a',
        )
      ).status,
    ).toBe(200);
  });

  it('keeps at most 10 history entries, with increasing ids', async () => {
    // An application of its own: the others' state stays as the other tests expect it.
    const instance = simulator().instance('main');
    const app = instance.createApplication(gitApp('history-keeper'));
    for (let i = 0; i < 9; i++) {
      instance.rollout('history-keeper', {
        images: [`ghcr.io/acme/history-keeper:1.1.${i}`],
        manual: true,
      });
      for (let step = 0; step < 3; step++) instance.rollouts.advance(app);
    }
    const doc = (await (
      await argo('main', '/api/v1/applications/history-keeper')
    ).json()) as ArgoCdApplication;
    const ids = doc.status!.history!.map(h => h.id);
    expect(ids).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(doc.status!.summary!.images).toEqual([
      'ghcr.io/acme/history-keeper:1.1.8',
    ]);
    instance.deleteApplication('history-keeper');
  });
});

describe('revision metadata', () => {
  it('answers author, date and message for a git revision, also by short SHA', async () => {
    const app = (await (
      await argo('main', '/api/v1/applications/web')
    ).json()) as ArgoCdApplication;
    const revision = app.status!.sync!.revision!;
    for (const rev of [revision, revision.slice(0, 8)]) {
      const response = await argo(
        'main',
        `/api/v1/applications/web/revisions/${rev}/metadata`,
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        author: expect.any(String),
        date: expect.any(String),
        message: expect.stringContaining('ghcr.io/acme/web:1.0.0'),
        tags: [],
      });
    }
  });

  it('refuses a Helm chart version and an unknown commit', async () => {
    const helm = await argo(
      'main',
      '/api/v1/applications/chart/revisions/2.0.0/metadata',
    );
    await expectArgoError(helm, 500, 2, 'revision 2.0.0 must be resolved');
    const unknown = await argo(
      'main',
      `/api/v1/applications/web/revisions/${'0'.repeat(40)}/metadata`,
    );
    expect(unknown.status).toBe(500);
  });
});

describe('projects and can-i', () => {
  it('lists the default project and those the applications use', async () => {
    const response = await argo('main', '/api/v1/projects');
    const body = (await response.json()) as {
      items: Array<{ metadata: { name: string } }>;
    };
    expect(body.items.map(p => p.metadata.name)).toEqual([
      'default',
      'payments',
      'storefront',
    ]);
  });

  it('answers can-i for an authenticated caller, 401 otherwise', async () => {
    expect(
      await (
        await argo('main', '/api/v1/account/can-i/applications/get/*')
      ).json(),
    ).toEqual({ value: 'yes' });
    expect(
      (
        await argo('main', '/api/v1/account/can-i/applications/get/*', {
          token: null,
        })
      ).status,
    ).toBe(401);
  });
});
