import type { ArgoCdApplication } from '@argo-pulse/backstage-plugin-common';
import { parseArgoCdDocument } from '../contract/argoCdContract';
import { expectArgoError } from '../testing/expectArgoError';
import {
  gitApp,
  TEST_TOKEN,
  TEST_USER,
  testInstance,
} from '../testing/testSimulator';
import { useTestSimulator } from '../testing/useTestSimulator';
import type { RecordedCall } from './CallLog';

const OLD = 'ghcr.io/acme/shop:1.0.0';
const NEW = 'ghcr.io/acme/shop:2.0.0';

/** An API key of account `viewer` (`sub: viewer:apiKey`, `iat` 2025-01-01T00:00:00Z) that may only read. */
const VIEWER_TOKEN = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(
  JSON.stringify({
    iss: 'argocd',
    sub: 'viewer:apiKey',
    iat: 1735689600,
    jti: 'viewer',
  }),
).toString('base64url')}.dmlld2VyLXNpZ25hdHVyZQ`;
/** An API key that may do nothing at all, not even read. */
const NOBODY_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJub2JvZHkifQ.bm9ib2R5';

/** The simulator's clock runs this far ahead of the real one, so a refresh gets a later `reconciledAt`. */
let clockAheadMs = 0;

const { simulator, argo, login, control } = useTestSimulator(
  {
    instances: [
      {
        ...testInstance('main', [
          gitApp('auto', { images: [OLD] }),
          gitApp('manual', { images: [OLD], autoSync: false }),
          gitApp('rollback', { images: [OLD], autoSync: false }),
          gitApp('refreshed', { annotations: { team: 'shop' } }),
          gitApp('tenant', { namespace: 'tenant-a', autoSync: false }),
        ]),
        auth: {
          users: [
            TEST_USER,
            { username: 'viewer', password: 'viewer-password', rbac: ['get'] },
          ],
          tokens: [
            TEST_TOKEN,
            { token: VIEWER_TOKEN, rbac: ['get'] },
            { token: NOBODY_TOKEN, rbac: [] },
          ],
        },
      },
    ],
  },
  {
    // Nothing moves on its own: each test advances the operations it starts.
    phaseDurations: {
      outOfSync: 600_000,
      syncing: 600_000,
      progressing: 600_000,
    },
    now: () => new Date(Date.now() + clockAheadMs),
  },
);

const instance = () => simulator().instance('main');
const advance = (name: string, namespace?: string) =>
  instance().rollouts.advance(instance().application(name, namespace))!;
const post = (path: string, body: unknown, token: string = TEST_TOKEN) =>
  argo('main', path, {
    method: 'POST',
    token,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
const sync = (name: string, body: unknown = {}, token?: string) =>
  post(`/api/v1/applications/${name}/sync`, body, token);
const rollback = (name: string, body: unknown, token?: string) =>
  post(`/api/v1/applications/${name}/rollback`, body, token);
const fetchApp = async (name: string, query = '') => {
  const response = await argo('main', `/api/v1/applications/${name}${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as ArgoCdApplication;
};
/** Reads an answer as an Application, checked against Argo CD's swagger. */
const application = async (response: Response) => {
  expect(response.status).toBe(200);
  return parseArgoCdDocument<ArgoCdApplication>(
    'v1alpha1Application',
    await response.json(),
  );
};
const calls = async (query = '') => {
  const response = await control('GET', `/instances/main/calls${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { calls: RecordedCall[] }).calls;
};

beforeEach(async () => {
  const reset = await control('DELETE', '/instances/main/calls');
  if (reset.status !== 204) throw new Error(`reset calls: ${reset.status}`);
});

describe('refresh: GET /api/v1/applications/{name}?refresh=', () => {
  afterAll(() => {
    clockAheadMs = 0;
  });

  it.each(['normal', 'hard'])(
    'a %s refresh answers the reconciled application, annotations gone, and watchers see both versions',
    async type => {
      const before = await fetchApp('refreshed');
      clockAheadMs += 120_000;
      const seen: Array<Record<string, string> | undefined> = [];
      const unsubscribe = instance().state.watch(change =>
        seen.push(structuredClone(change.app.doc.metadata.annotations)),
      );
      try {
        const app = await application(
          await argo('main', `/api/v1/applications/refreshed?refresh=${type}`),
        );
        expect(app.metadata!.annotations).toEqual({ team: 'shop' });
        expect(Date.parse(app.status!.reconciledAt!)).toBeGreaterThan(
          Date.parse(before.status!.reconciledAt!),
        );
        expect(Number(app.metadata!.resourceVersion)).toBeGreaterThan(
          Number(before.metadata!.resourceVersion),
        );
        expect(seen).toEqual([
          expect.objectContaining({
            team: 'shop',
            'argocd.argoproj.io/refresh': type,
            'argocd.argoproj.io/refresh-timestamp': expect.any(String),
          }),
          { team: 'shop' },
        ]);
      } finally {
        unsubscribe();
      }
      expect(await calls()).toEqual([
        expect.objectContaining({
          seq: 1,
          operation: 'refresh',
          application: 'refreshed',
          subject: 'test',
          body: { refresh: type },
          status: 200,
        }),
      ]);
    },
  );

  it('a plain GET is no refresh and is not recorded; an unknown application is refused as usual', async () => {
    await fetchApp('refreshed');
    expect(await calls()).toEqual([]);
    await expectArgoError(
      await argo('main', '/api/v1/applications/nope?refresh=normal'),
      403,
      7,
      'permission denied',
    );
    expect(await calls()).toEqual([
      expect.objectContaining({
        operation: 'refresh',
        application: 'nope',
        status: 403,
        error: 'permission denied',
      }),
    ]);
  });
});

// Numbered steps of one sync: they run in order.
// eslint-disable-next-line jest/valid-describe-callback -- vitest's options argument
describe('sync of a Synced application', { shuffle: false }, () => {
  let before: ArgoCdApplication;

  it('1. answers the Application with `operation` set and the last operationState cleared', async () => {
    before = await fetchApp('auto');
    const app = await application(
      await sync('auto', {
        prune: true,
        syncOptions: { items: ['ServerSideApply=true'] },
      }),
    );
    expect(app.operation).toEqual({
      sync: {
        source: before.spec!.source,
        revision: before.status!.sync!.revision,
        prune: true,
        syncOptions: ['ServerSideApply=true'],
      },
      initiatedBy: { username: 'test' },
      retry: {},
    });
    expect(app.status!.operationState).toBeUndefined();
  });

  it('2. the controller picks it up: operationState Running with the same operation', async () => {
    const app = await fetchApp('auto');
    expect(app.status!.operationState).toMatchObject({
      phase: 'Running',
      operation: { initiatedBy: { username: 'test' } },
    });
    expect(app.operation).toEqual(app.status!.operationState!.operation);
  });

  it('3. another sync while it runs is refused: 400, code 9 (FailedPrecondition)', async () => {
    await expectArgoError(
      await sync('auto'),
      400,
      9,
      'another operation is already in progress',
    );
  });

  it('4. it succeeds: re-applied, a new history entry by the user, operation cleared', async () => {
    expect(advance('auto')).toMatchObject({ phase: 'synced', done: true });
    const app = await fetchApp('auto');
    expect(app.operation).toBeUndefined();
    expect(app.status!.operationState!.phase).toBe('Succeeded');
    expect(app.status!.sync!.status).toBe('Synced');
    expect(app.status!.health!.status).toBe('Healthy');
    expect(app.status!.history).toHaveLength(
      before.status!.history!.length + 1,
    );
    expect(app.status!.history!.at(-1)).toMatchObject({
      id: before.status!.history!.at(-1)!.id! + 1,
      revision: before.status!.sync!.revision,
      initiatedBy: { username: 'test' },
    });
  });

  it('5. records every call with its answer', async () => {
    await sync('auto', { dryRun: true });
    await sync('auto');
    const recorded = await calls('?operation=sync&application=auto');
    expect(recorded.map(c => c.status)).toEqual([200, 400]);
    expect(recorded[0]).toMatchObject({
      application: 'auto',
      subject: 'test',
      body: { dryRun: true },
    });
    expect(recorded[1].error).toBe('another operation is already in progress');
    advance('auto');
  });
});

describe('sync', () => {
  it('of an OutOfSync application without auto-sync deploys its target through the rollout phases', async () => {
    const rollout = instance().rollout('manual', { images: [NEW] });
    // Without auto-sync the rollout stops once the commit has landed.
    expect(rollout).toMatchObject({ phase: 'out-of-sync', done: true });
    const historyBefore = (await fetchApp('manual')).status!.history!.length;
    const answer = await application(await sync('manual'));
    expect(answer.operation!.sync!.revision).toBe(rollout.revisions[0]);
    expect((await fetchApp('manual')).status!.operationState!.phase).toBe(
      'Running',
    );
    expect(advance('manual').phase).toBe('progressing');
    let app = await fetchApp('manual');
    expect(app.status!.sync!.status).toBe('Synced');
    expect(app.status!.health!.status).toBe('Progressing');
    expect(app.status!.history).toHaveLength(historyBefore + 1);
    expect(advance('manual')).toMatchObject({ phase: 'healthy', done: true });
    app = await fetchApp('manual');
    expect(app.status!.health!.status).toBe('Healthy');
    expect(app.status!.summary!.images).toEqual([NEW]);
  });

  it('a dry run succeeds without a history entry or any change', async () => {
    const before = await fetchApp('tenant', '?appNamespace=tenant-a');
    const answer = await application(
      await sync('tenant', { dryRun: true, appNamespace: 'tenant-a' }),
    );
    expect(answer.operation!.sync!.dryRun).toBe(true);
    expect(advance('tenant', 'tenant-a')).toMatchObject({
      phase: 'succeeded',
      done: true,
    });
    const app = await fetchApp('tenant', '?appNamespace=tenant-a');
    expect(app.status!.operationState!.phase).toBe('Succeeded');
    expect(app.status!.history).toEqual(before.status!.history);
    expect(app.status!.summary).toEqual(before.status!.summary);
  });

  it.each([
    [
      'another revision under auto-sync',
      'auto',
      { revision: 'abc1234' },
      400,
      9,
      'Cannot sync to abc1234: auto-sync currently set to main',
    ],
    [
      'a revision git does not have',
      'manual',
      { revision: 'no-such-branch' },
      400,
      9,
      "error resolving repo revision: rpc error: code = Unknown desc = unable to resolve 'no-such-branch' to a commit SHA: revision not found",
    ],
    [
      'a project the application is not in',
      'auto',
      { project: 'other' },
      404,
      5,
      'applications.argoproj.io "auto" not found',
    ],
    ['an unknown application', 'nope', {}, 403, 7, 'permission denied'],
    [
      'a body that is not an object',
      'auto',
      [1],
      400,
      3,
      /^json: cannot unmarshal array/,
    ],
  ])(
    'refuses %s as Argo CD does',
    async (_what, name, body, status, code, message) => {
      await expectArgoError(await sync(name, body), status, code, message);
    },
  );
});

describe('rollback', () => {
  it('refuses an application with auto-sync: 400, code 9', async () => {
    await expectArgoError(
      await rollback('auto', { id: 0 }),
      400,
      9,
      'rollback cannot be initiated when auto-sync is enabled',
    );
  });

  it('refuses an unknown history id: 400, code 3', async () => {
    await expectArgoError(
      await rollback('rollback', { id: '42' }),
      400,
      3,
      'application argocd/rollback does not have deployment with id 42',
    );
  });

  it('syncs to the history entry: a new entry with its revision, the old images, OutOfSync with git', async () => {
    // Deploy 2.0.0 first, so that the entry before it runs 1.0.0.
    instance().rollout('rollback', { images: [NEW] });
    await application(await sync('rollback'));
    advance('rollback');
    advance('rollback');
    const before = await fetchApp('rollback');
    expect(before.status!.summary!.images).toEqual([NEW]);
    const target = before.status!.history!.at(-2)!;

    const answer = await application(
      await rollback('rollback', { id: target.id, prune: true }),
    );
    expect(answer.operation).toEqual({
      sync: {
        revision: target.revision,
        prune: true,
        syncOptions: ['CreateNamespace=true'],
        syncStrategy: { apply: {} },
        source: target.source,
      },
      initiatedBy: { username: 'test' },
      retry: {},
    });
    await expectArgoError(
      await rollback('rollback', { id: target.id }),
      400,
      9,
      'another operation is already in progress',
    );
    expect(advance('rollback').phase).toBe('progressing');
    expect(advance('rollback')).toMatchObject({ phase: 'healthy', done: true });
    const app = await fetchApp('rollback');
    expect(app.status!.summary!.images).toEqual([OLD]);
    expect(app.status!.sync!.status).toBe('OutOfSync');
    expect(app.status!.history!.at(-1)).toMatchObject({
      id: before.status!.history!.at(-1)!.id! + 1,
      revision: target.revision,
      initiatedBy: { username: 'test' },
    });
    expect(
      (await calls('?operation=rollback')).map(c => [c.status, c.body]),
    ).toEqual([
      [200, { id: target.id, prune: true }],
      [400, { id: target.id }],
    ]);
  });
});

describe('permissions', () => {
  it('a read-only API key reads and refreshes, but sync is 403 with the enforcer message', async () => {
    expect(
      (await argo('main', '/api/v1/applications/auto', { token: VIEWER_TOKEN }))
        .status,
    ).toBe(200);
    expect(
      (
        await argo('main', '/api/v1/applications/auto?refresh=normal', {
          token: VIEWER_TOKEN,
        })
      ).status,
    ).toBe(200);
    await expectArgoError(
      await sync('auto', {}, VIEWER_TOKEN),
      403,
      7,
      'permission denied: applications, sync, default/auto, sub: viewer, iat: 2025-01-01T00:00:00Z',
    );
    await expectArgoError(
      await sync('tenant', { appNamespace: 'tenant-a' }, VIEWER_TOKEN),
      403,
      7,
      'permission denied: applications, sync, default/tenant-a/tenant, sub: viewer, iat: 2025-01-01T00:00:00Z',
    );
    // Rollback looks the application up with `sync`: the plain answer that hides it.
    await expectArgoError(
      await rollback('rollback', { id: 0 }, VIEWER_TOKEN),
      403,
      7,
      'permission denied',
    );
    expect(
      (await calls()).map(c => [c.operation, c.subject, c.status]),
    ).toEqual([
      ['refresh', 'viewer', 200],
      ['sync', 'viewer', 403],
      ['sync', 'viewer', 403],
      ['rollback', 'viewer', 403],
    ]);
  });

  it('can-i answers from the same RBAC', async () => {
    const canI = async (action: string, token: string) =>
      (
        await (
          await argo(
            'main',
            `/api/v1/account/can-i/applications/${action}/default%2Fauto`,
            { token },
          )
        ).json()
      ).value;
    expect(await canI('get', VIEWER_TOKEN)).toBe('yes');
    expect(await canI('sync', VIEWER_TOKEN)).toBe('no');
    expect(await canI('sync', TEST_TOKEN)).toBe('yes');
  });

  it('a local account with rbac: its session gets the same refusals, named after the account', async () => {
    const { token } = (await (
      await login('main', { username: 'viewer', password: 'viewer-password' })
    ).json()) as { token: string };
    const response = await sync('auto', {}, token);
    expect(response.status).toBe(403);
    expect((await response.json()).message).toMatch(
      /^permission denied: applications, sync, default\/auto, sub: viewer, iat: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
  });

  it('without `get`, applications are hidden: not listed, and 403 by name', async () => {
    const list = await argo('main', '/api/v1/applications', {
      token: NOBODY_TOKEN,
    });
    expect((await list.json()).items).toBeNull();
    await expectArgoError(
      await argo('main', '/api/v1/applications/auto', { token: NOBODY_TOKEN }),
      403,
      7,
      'permission denied',
    );
    await expectArgoError(
      await sync('auto', {}, NOBODY_TOKEN),
      403,
      7,
      'permission denied',
    );
  });
});

it('the request counters name the write endpoints', async () => {
  await control('DELETE', '/instances/main/requests');
  await sync('nope');
  await rollback('nope', { id: 1 });
  const counts = instance().counters;
  expect(counts.requestsTo('POST /api/v1/applications/{name}/sync')).toBe(1);
  expect(counts.requestsTo('POST /api/v1/applications/{name}/rollback')).toBe(
    1,
  );
});
