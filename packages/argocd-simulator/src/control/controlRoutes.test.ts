import type {
  ArgoCdApplication,
  ArgoCdApplicationList,
} from '@argo-pulse/backstage-plugin-common';
import type { RolloutStatus } from '../model/rolloutRequest';
import {
  gitApp,
  startTestSimulator,
  testInstance,
} from '../testing/testSimulator';
import { expectArgoError } from '../testing/expectArgoError';
import { useTestSimulator } from '../testing/useTestSimulator';

const { simulator, argo, control } = useTestSimulator({
  instances: [
    testInstance('main', [gitApp('api'), gitApp('web')]),
    testInstance('scale', [gitApp('seed')]),
    testInstance('rollouts', [gitApp('shop'), gitApp('idle')]),
  ],
});

/** Asserts an answer of the control API that refuses: its status, and its message as given or matching. */
const expectRefusal = async (
  response: Response,
  status: number,
  message: string | RegExp,
) => {
  expect(response.status).toBe(status);
  const { error } = (await response.json()) as { error: string };
  if (typeof message === 'string') expect(error).toBe(message);
  else expect(error).toMatch(message);
};
const argoList = async (instance: string, query = '') => {
  const response = await argo(instance, `/api/v1/applications${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as ArgoCdApplicationList).items ?? [];
};
const argoApp = async (instance: string, name: string) => {
  const response = await argo(instance, `/api/v1/applications/${name}`);
  expect(response.status).toBe(200);
  return (await response.json()) as ArgoCdApplication;
};

describe('instances', () => {
  it('lists the instances with their application counts', async () => {
    // A simulator of its own: the shared one's counts change as other tests create applications.
    const own = await startTestSimulator({
      instances: [
        testInstance('main', [gitApp('api'), gitApp('web')]),
        testInstance('scale', [gitApp('seed')]),
      ],
    });
    try {
      const response = await fetch(`${own.url}/control/instances`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        instances: [
          { name: 'main', applications: 2 },
          { name: 'scale', applications: 1 },
        ],
      });
    } finally {
      await own.close();
    }
  });

  it.each([
    ['GET', '/instances/nope/applications', undefined],
    ['POST', '/instances/nope/applications', gitApp('new-app')],
    ['DELETE', '/instances/nope/applications/api', undefined],
    [
      'POST',
      '/instances/nope/applications/api/rollout',
      { images: ['ghcr.io/acme/api:2.0.0'] },
    ],
    ['GET', '/instances/nope/applications/api/rollout', undefined],
    ['POST', '/instances/nope/synthetic', { count: 1 }],
    ['PUT', '/instances/nope/faults', {}],
    ['GET', '/instances/nope/requests', undefined],
  ])('answers 404 for %s %s', async (method, path, body) => {
    const response = await control(method, path, body);
    await expectRefusal(response, 404, 'no instance "nope"');
  });
});

// Create, refuse, then delete the same application: its tests run in order.
// eslint-disable-next-line jest/valid-describe-callback -- vitest's options argument
describe('applications', { shuffle: false }, () => {
  it('creates an application that the Argo CD API then lists', async () => {
    const response = await control(
      'POST',
      '/instances/main/applications',
      gitApp('created', { project: 'team-a' }),
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ name: 'created' });

    const [listed] = await argoList('main', '?name=created');
    expect(listed.metadata).toMatchObject({
      name: 'created',
      namespace: 'argocd',
    });
    expect(listed.spec?.project).toBe('team-a');
    expect(listed.status?.summary?.images).toEqual([
      'ghcr.io/acme/created:1.0.0',
    ]);
    const names = await (
      await control('GET', '/instances/main/applications')
    ).json();
    expect(names).toEqual({ applications: ['api', 'created', 'web'] });
  });

  it('refuses to create an application that exists with 409', async () => {
    const response = await control(
      'POST',
      '/instances/main/applications',
      gitApp('api'),
    );
    await expectRefusal(response, 409, 'application "api" already exists');
  });

  it.each([
    [
      'an unknown key',
      { ...gitApp('bad-1'), colour: 'red' },
      /Unrecognized key: "colour"/,
    ],
    ['a name that is no DNS name', gitApp('Bad_Name'), /at name/],
    ['no images', { ...gitApp('bad-2'), images: [] }, /at images/],
    [
      'a destination without namespace',
      { ...gitApp('bad-3'), destination: {} },
      /at destination\.namespace/,
    ],
  ])(
    'refuses a body with %s with 400 naming the key, and creates nothing',
    async (_what, body, message) => {
      const list = async () =>
        (await control('GET', '/instances/main/applications')).json();
      const before = await list();
      const response = await control(
        'POST',
        '/instances/main/applications',
        body,
      );
      await expectRefusal(response, 400, message);
      expect(await list()).toEqual(before);
    },
  );

  it('refuses a body that is not JSON with 400', async () => {
    const response = await fetch(
      `${simulator().url}/control/instances/main/applications`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"name":',
      },
    );
    await expectRefusal(response, 400, /^invalid JSON body/);
  });

  it('deletes an application, which the Argo CD API then denies, and answers 404 the second time', async () => {
    expect(
      (await control('DELETE', '/instances/main/applications/created')).status,
    ).toBe(204);

    const gone = await argo('main', '/api/v1/applications/created');
    await expectArgoError(gone, 403, 7, 'permission denied');
    expect(await argoList('main', '?name=created')).toEqual([]);

    const again = await control(
      'DELETE',
      '/instances/main/applications/created',
    );
    await expectRefusal(again, 404, 'no application "created"');
  });
});

describe('synthetic applications', () => {
  it('adds 500 generated applications to the list', async () => {
    const synthetic = '?selector=argo-pulse.io%2Fsynthetic%3Dtrue';
    const before = await argoList('scale');
    const syntheticBefore = await argoList('scale', synthetic);
    const response = await control('POST', '/instances/scale/synthetic', {
      count: 500,
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ created: 500 });

    const after = await argoList('scale');
    expect(after).toHaveLength(before.length + 500);
    expect(new Set(after.map(a => a.metadata!.name)).size).toBe(after.length);
    expect(await argoList('scale', synthetic)).toHaveLength(
      syntheticBefore.length + 500,
    );
  });

  it('never reuses a name, even after deletions', async () => {
    await control('POST', '/instances/scale/synthetic', {
      count: 3,
      prefix: 'gap',
    });
    expect(
      (await control('DELETE', '/instances/scale/applications/gap-00002'))
        .status,
    ).toBe(204);
    const response = await control('POST', '/instances/scale/synthetic', {
      count: 2,
      prefix: 'gap',
    });
    expect(response.status).toBe(201);
    const names = (await argoList('scale'))
      .map(a => a.metadata!.name)
      .filter(name => name!.startsWith('gap-'));
    expect(names).toEqual(['gap-00001', 'gap-00002', 'gap-00003', 'gap-00004']);
  });

  it.each([
    ['a count of 0', { count: 0 }, /at count/],
    ['no count', {}, /at count/],
    ['a bad prefix', { count: 1, prefix: 'Not OK' }, /at prefix/],
  ])('refuses %s with 400', async (_what, body, message) => {
    const response = await control('POST', '/instances/scale/synthetic', body);
    await expectRefusal(response, 400, message);
  });
});

describe('rollouts', () => {
  const rolloutPath = '/instances/rollouts/applications/shop/rollout';

  it('walks a manual rollout through its phases, one advance at a time', async () => {
    const revision = 'abcdef0123456789abcdef0123456789abcdef01';
    const started = await control('POST', rolloutPath, {
      images: ['ghcr.io/acme/shop:2.0.0'],
      revision,
      manual: true,
    });
    expect(started.status).toBe(202);
    const expected = {
      application: 'shop',
      outcome: 'success',
      manual: true,
      images: ['ghcr.io/acme/shop:2.0.0'],
      revisions: [revision],
    };
    expect(await started.json()).toEqual({
      ...expected,
      phase: 'out-of-sync',
      done: false,
    });

    // Without an advance, a manual rollout stays where it is.
    await new Promise(resolve => setTimeout(resolve, 50));
    const status = await control('GET', rolloutPath);
    expect(status.status).toBe(200);
    expect(await status.json()).toEqual({
      ...expected,
      phase: 'out-of-sync',
      done: false,
    });
    expect((await argoApp('rollouts', 'shop')).status?.sync).toMatchObject({
      status: 'OutOfSync',
      revision,
    });

    const phases: Array<Pick<RolloutStatus, 'phase' | 'done'>> = [];
    for (let step = 0; step < 4; step++) {
      const advanced = await control('POST', `${rolloutPath}/advance`);
      expect(advanced.status).toBe(200);
      const { phase, done } = (await advanced.json()) as RolloutStatus;
      phases.push({ phase, done });
    }
    expect(phases).toEqual([
      { phase: 'syncing', done: false },
      { phase: 'progressing', done: false },
      { phase: 'healthy', done: true },
      // Advancing a finished rollout changes nothing.
      { phase: 'healthy', done: true },
    ]);
    expect(await (await control('GET', rolloutPath)).json()).toEqual({
      ...expected,
      phase: 'healthy',
      done: true,
    });

    const app = await argoApp('rollouts', 'shop');
    expect(app.status?.sync).toMatchObject({ status: 'Synced', revision });
    expect(app.status?.health?.status).toBe('Healthy');
    expect(app.status?.summary?.images).toEqual(['ghcr.io/acme/shop:2.0.0']);
  });

  it('answers 404 for the rollout of an application that has none', async () => {
    const status = await control(
      'GET',
      '/instances/rollouts/applications/idle/rollout',
    );
    await expectRefusal(status, 404, 'no rollout for "idle"');
    expect(
      (
        await control(
          'POST',
          '/instances/rollouts/applications/idle/rollout/advance',
        )
      ).status,
    ).toBe(404);
  });

  it.each([
    [
      'POST',
      '/instances/rollouts/applications/ghost/rollout',
      { images: ['ghcr.io/acme/ghost:2.0.0'] },
    ],
    ['GET', '/instances/rollouts/applications/ghost/rollout', undefined],
    [
      'POST',
      '/instances/rollouts/applications/ghost/rollout/advance',
      undefined,
    ],
  ])(
    'answers 404 for %s %s, an unknown application',
    async (method, path, body) => {
      const response = await control(method, path, body);
      await expectRefusal(
        response,
        404,
        'instance "rollouts" has no application "ghost"',
      );
    },
  );

  it.each([
    ['no images', { manual: true }, /at images/],
    ['an empty image list', { images: [] }, /at images/],
    [
      'a revision that is no commit SHA',
      { images: ['ghcr.io/acme/idle:2.0.0'], revision: 'main' },
      /must be a hex commit SHA[\s\S]*at revision/,
    ],
    [
      'an unknown outcome',
      { images: ['ghcr.io/acme/idle:2.0.0'], outcome: 'explode' },
      /at outcome/,
    ],
    [
      'an unknown key',
      { images: ['ghcr.io/acme/idle:2.0.0'], speed: 'fast' },
      /Unrecognized key: "speed"/,
    ],
  ])(
    'refuses a rollout body with %s with 400, starting nothing',
    async (_what, body, message) => {
      const response = await control(
        'POST',
        '/instances/rollouts/applications/idle/rollout',
        body,
      );
      await expectRefusal(response, 400, message);
      expect(
        (await control('GET', '/instances/rollouts/applications/idle/rollout'))
          .status,
      ).toBe(404);
    },
  );
});
