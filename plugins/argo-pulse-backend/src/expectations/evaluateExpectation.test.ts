import type { ApplicationSnapshot } from '../database/types';
import {
  evaluateExpectation,
  EvaluationSettings,
  mergeProgress,
  UnreachableInstance,
} from './evaluateExpectation';
import type { ExpectationProgress } from './types';

const CREATED = '2026-11-22T10:00:00.400Z';
const DEADLINE = '2026-11-22T10:10:00.000Z';
const SETTINGS: EvaluationSettings = {
  degradedGraceMs: 120_000,
  appMissingGraceMs: 60_000,
  acceptSuspended: false,
};
const API = { instance: 'prod', namespace: 'argocd', name: 'api-prod' };
const WORKER = { instance: 'prod', namespace: 'argocd', name: 'worker-prod' };
const key = (k: typeof API) => `${k.instance}/${k.namespace}/${k.name}`;

/** A settled application running the old version, changed by `overrides`. */
function app(
  overrides: Partial<ApplicationSnapshot> = {},
  target = API,
): ApplicationSnapshot {
  return {
    ...target,
    project: 'default',
    labels: {},
    sync: {
      status: 'Synced',
      revisions: ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
    },
    health: { status: 'Healthy' },
    operation: {
      phase: 'Succeeded',
      startedAt: '2026-11-22T09:00:00Z',
      finishedAt: '2026-11-22T09:00:05Z',
    },
    images: ['ghcr.io/acme/api:1.0.0'],
    sources: [],
    destination: {},
    conditions: [],
    ...overrides,
  };
}

function evaluate(options: {
  images?: string[];
  apps?: ApplicationSnapshot[];
  targets?: Array<typeof API>;
  at?: string;
  revision?: string;
  progress?: ExpectationProgress;
  settings?: Partial<EvaluationSettings>;
  unreachable?: Map<string, UnreachableInstance>;
}) {
  const apps = options.apps ?? [];
  return evaluateExpectation({
    expectation: {
      createdAt: CREATED,
      deadlineAt: DEADLINE,
      images: options.images ?? ['ghcr.io/acme/api:1.1.0'],
      revision: options.revision,
      targets: options.targets ?? [API],
      progress: options.progress ?? {},
    },
    applications: new Map(apps.map(a => [key(a), a])),
    unreachable: options.unreachable,
    now: new Date(options.at ?? '2026-11-22T10:01:00Z'),
    settings: { ...SETTINGS, ...options.settings },
  });
}

describe('evaluateExpectation', () => {
  describe('pending while the rollout is under way', () => {
    it.each([
      [
        'nothing changed yet',
        app(),
        /api-prod: runs ghcr.io\/acme\/api:1.0.0, not yet ghcr.io\/acme\/api:1.1.0/,
      ],
      [
        'out of sync at the new revision',
        app({ sync: { status: 'OutOfSync', revisions: ['b'] } }),
        /sync status is OutOfSync/,
      ],
      [
        'sync operation running',
        app({
          operation: { phase: 'Running', startedAt: '2026-11-22T10:00:30Z' },
        }),
        /sync operation Running/,
      ],
      [
        'old and new images both running',
        app({
          health: { status: 'Progressing' },
          images: ['ghcr.io/acme/api:1.0.0', 'ghcr.io/acme/api:1.1.0'],
        }),
        /ghcr.io\/acme\/api:1.0.0 still running beside ghcr.io\/acme\/api:1.1.0/,
      ],
      [
        'new image only, still Progressing',
        app({
          health: { status: 'Progressing' },
          images: ['ghcr.io/acme/api:1.1.0'],
        }),
        /health is Progressing/,
      ],
      [
        'Suspended, by default',
        app({
          health: { status: 'Suspended' },
          images: ['ghcr.io/acme/api:1.1.0'],
        }),
        /health is Suspended/,
      ],
      [
        'Degraded within the grace period',
        app({
          health: { status: 'Degraded' },
          images: ['ghcr.io/acme/api:1.1.0'],
        }),
        /health is Degraded/,
      ],
    ])('%s', (_title, snapshot, waiting) => {
      const result = evaluate({ apps: [snapshot] });
      expect(result.state).toBe('pending');
      if (result.state !== 'pending') return;
      expect(result.waitingFor.join('\n')).toMatch(waiting);
      expect(result.nextCheckAt <= DEADLINE).toBe(true);
    });
  });

  describe('deployed', () => {
    it.each([
      [
        'the expected tag, alone, Synced and Healthy',
        ['ghcr.io/acme/api:1.1.0'],
        ['ghcr.io/acme/api:1.1.0'],
      ],
      [
        'Docker Hub shorthand against the full form',
        ['nginx:1.27'],
        ['docker.io/library/nginx:1.27'],
      ],
      [
        'a single-name image with no tag means latest',
        ['docker.io/library/redis:latest'],
        ['redis'],
      ],
      [
        'a registry with a port',
        ['localhost:5000/x:1'],
        ['localhost:5000/x:1'],
      ],
      [
        'a digest, pinned',
        [`ghcr.io/acme/api@sha256:${'a'.repeat(64)}`],
        [`ghcr.io/acme/api:1.1.0@sha256:${'a'.repeat(64)}`],
      ],
      [
        'other repositories may run beside it',
        ['ghcr.io/acme/api:1.1.0'],
        ['ghcr.io/acme/api:1.1.0', 'docker.io/library/envoy:1.30'],
      ],
    ])('%s', (_title, expected, running) => {
      expect(
        evaluate({ images: expected, apps: [app({ images: running })] }).state,
      ).toBe('deployed');
    });

    it('Suspended counts as healthy where configured', () => {
      const snapshot = app({
        health: { status: 'Suspended' },
        images: ['ghcr.io/acme/api:1.1.0'],
      });
      expect(
        evaluate({ apps: [snapshot], settings: { acceptSuspended: true } })
          .state,
      ).toBe('deployed');
    });

    it('at the deadline, deployed wins over timeout', () => {
      expect(
        evaluate({
          apps: [app({ images: ['ghcr.io/acme/api:1.1.0'] })],
          at: DEADLINE,
        }).state,
      ).toBe('deployed');
    });
  });

  describe('an entity with several applications', () => {
    const targets = [API, WORKER];
    const BOTH = ['ghcr.io/acme/api:1.1.0', 'ghcr.io/acme/worker:2.0.0'];
    const apiLanded = () => app({ images: ['ghcr.io/acme/api:1.1.0'] });
    const worker = (overrides: Partial<ApplicationSnapshot>) =>
      app(overrides, WORKER);

    it.each<[string, string[] | undefined, ApplicationSnapshot[], object]>([
      [
        'pending until all land',
        BOTH,
        [apiLanded(), worker({ images: ['ghcr.io/acme/worker:1.9.0'] })],
        {
          state: 'pending',
          waitingFor: [
            'prod/worker-prod: runs ghcr.io/acme/worker:1.9.0, not yet ghcr.io/acme/worker:2.0.0',
          ],
        },
      ],
      [
        'deployed when each runs its image',
        BOTH,
        [apiLanded(), worker({ images: ['ghcr.io/acme/worker:2.0.0'] })],
        { state: 'deployed' },
      ],
      [
        'an application that runs none of the expected repositories does not hold it back',
        undefined,
        [
          apiLanded(),
          worker({
            images: ['docker.io/library/postgres:16'],
            health: { status: 'Degraded' },
          }),
        ],
        { state: 'deployed' },
      ],
      [
        'an expected image that runs nowhere keeps it pending',
        ['ghcr.io/acme/api:1.1.0', 'ghcr.io/acme/new:1.0.0'],
        [apiLanded(), worker({ images: ['ghcr.io/acme/worker:1.0.0'] })],
        {
          state: 'pending',
          waitingFor: [
            expect.stringMatching(
              /^ghcr.io\/acme\/new:1.0.0: not running in any of the applications$/,
            ),
          ],
        },
      ],
    ])('%s', (_what, images, apps, expected) => {
      expect(evaluate({ targets, images, apps })).toMatchObject(expected);
    });

    it('an application that ran the repository stays required while it runs no pod of it (Recreate)', () => {
      const both = [app(), app({}, WORKER)];
      const first = evaluate({ targets, apps: both });
      const result = evaluate({
        targets,
        progress: first.progress,
        apps: [
          app({ images: ['ghcr.io/acme/api:1.1.0'] }),
          app({ images: [], health: { status: 'Progressing' } }, WORKER),
        ],
      });
      expect(result).toMatchObject({
        state: 'pending',
        waitingFor: expect.arrayContaining([
          'prod/worker-prod: runs none of the expected images yet',
        ]),
      });
    });
  });

  describe('failed', () => {
    it.each<[string, Partial<ApplicationSnapshot>, string]>([
      [
        'sync-failed: an operation that started after the expectation ended Failed, with Argo CD message',
        {
          sync: { status: 'OutOfSync', revisions: ['b'] },
          operation: {
            phase: 'Failed',
            startedAt: '2026-11-22T10:00:00Z',
            message: 'one or more objects failed to apply',
          },
        },
        'prod/api-prod: sync failed: one or more objects failed to apply',
      ],
      [
        'sync-failed also for phase Error',
        {
          operation: {
            phase: 'Error',
            startedAt: '2026-11-22T10:00:30Z',
            message: 'rpc error',
          },
        },
        'prod/api-prod: sync errored: rpc error',
      ],
    ])('%s', (_what, overrides, message) => {
      expect(evaluate({ apps: [app(overrides)] })).toMatchObject({
        state: 'failed',
        reason: 'sync-failed',
        message,
      });
    });

    /** Evaluated once the new image appeared (10:01), and again as the grace period after it ends (10:03). */
    const aroundGrace = (degraded: ApplicationSnapshot) => {
      const first = evaluate({ apps: [degraded], at: '2026-11-22T10:01:00Z' });
      const later = evaluate({
        apps: [degraded],
        at: '2026-11-22T10:03:00Z',
        progress: first.progress,
      });
      return { first, later };
    };

    it('degraded: past the grace period after the new image appeared', () => {
      const degraded = app({
        health: { status: 'Degraded', message: 'Back-off pulling image' },
        images: ['ghcr.io/acme/api:1.0.0', 'ghcr.io/acme/api:1.1.0'],
      });
      const { first, later } = aroundGrace(degraded);
      expect(first).toMatchObject({
        state: 'pending',
        nextCheckAt: '2026-11-22T10:03:00.000Z',
      });
      expect(later).toMatchObject({
        state: 'failed',
        reason: 'degraded',
        message:
          'prod/api-prod is Degraded since the new image appeared: Back-off pulling image',
      });
    });

    it('degraded: the failure names the resource that says why, a failing pod with its status reason', () => {
      const degraded = app({
        health: { status: 'Degraded' },
        images: ['ghcr.io/acme/api:1.0.0', 'ghcr.io/acme/api:1.1.0'],
        unhealthyResource: {
          kind: 'Pod',
          namespace: 'api',
          name: 'api-7d9-x2',
          status: 'Degraded',
          reason: 'ImagePullBackOff',
          message: 'Back-off pulling image "ghcr.io/acme/api:1.1.0"',
        },
      });
      const { later } = aroundGrace(degraded);
      expect(later).toMatchObject({
        reason: 'degraded',
        message:
          'prod/api-prod is Degraded since the new image appeared: Pod api-7d9-x2 is Degraded (ImagePullBackOff: Back-off pulling image "ghcr.io/acme/api:1.1.0")',
      });
    });

    it('Degraded before the new image appeared is not (yet) a failure', () => {
      const result = evaluate({
        apps: [app({ health: { status: 'Degraded' } })],
        at: '2026-11-22T10:09:00Z',
      });
      expect(result.state).toBe('pending');
    });

    it('app-not-found: missing past the grace period', () => {
      const first = evaluate({ apps: [] });
      expect(first).toMatchObject({
        state: 'pending',
        nextCheckAt: '2026-11-22T10:02:00.000Z',
        waitingFor: ['prod/api-prod: not found in Argo CD', expect.any(String)],
      });
      const later = evaluate({
        apps: [],
        at: '2026-11-22T10:02:00Z',
        progress: first.progress,
      });
      expect(later).toMatchObject({ state: 'failed', reason: 'app-not-found' });
    });

    it('an application back before the grace period ends is no longer missing', () => {
      const first = evaluate({ apps: [] });
      const back = evaluate({
        apps: [app()],
        progress: first.progress,
        at: '2026-11-22T10:05:00Z',
      });
      expect(back.state).toBe('pending');
      expect(back.progress[key(API)].missingSince).toBeUndefined();
    });

    it('timeout: at the deadline, not later', () => {
      const result = evaluate({ apps: [app()], at: DEADLINE });
      expect(result).toMatchObject({
        state: 'failed',
        reason: 'timeout',
        message: expect.stringMatching(
          /^Not deployed by the deadline; still waiting for: prod\/api-prod: runs/,
        ),
      });
      const before = evaluate({
        apps: [app()],
        at: '2026-11-22T10:09:59.999Z',
      });
      expect(before).toMatchObject({ state: 'pending', nextCheckAt: DEADLINE });
    });

    it('image-not-in-desired-state: the posted revision is synced and runs another tag', () => {
      const result = evaluate({
        revision: 'bbbbbbb',
        apps: [
          app({
            sync: {
              status: 'Synced',
              revisions: ['bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'],
            },
          }),
        ],
      });
      expect(result).toMatchObject({
        state: 'failed',
        reason: 'image-not-in-desired-state',
        message:
          'prod/api-prod synced revision bbbbbbb and runs ghcr.io/acme/api:1.0.0, not ghcr.io/acme/api:1.1.0',
      });
    });

    it('image-not-in-desired-state: the posted revision is synced and the repository runs nowhere', () => {
      const result = evaluate({
        revision: 'b'.repeat(40),
        images: ['ghcr.io/acme/new:1.0.0'],
        apps: [
          app({ sync: { status: 'Synced', revisions: ['b'.repeat(40)] } }),
        ],
      });
      expect(result).toMatchObject({
        state: 'failed',
        reason: 'image-not-in-desired-state',
        message: `Revision ${'b'.repeat(
          40,
        )} is synced, and ghcr.io/acme/new:1.0.0 is not part of it`,
      });
    });

    it('synced at the posted revision but not yet settled (new pods not there yet) is not a failure', () => {
      const recreating = app({
        sync: { status: 'Synced', revisions: ['b'.repeat(40)] },
        health: { status: 'Progressing' },
      });
      expect(evaluate({ revision: 'bbbbbbb', apps: [recreating] }).state).toBe(
        'pending',
      );
    });

    it('a posted revision not yet synced is not a failure', () => {
      expect(evaluate({ revision: 'bbbbbbb', apps: [app()] }).state).toBe(
        'pending',
      );
    });
  });
});

describe('mergeProgress', () => {
  it('keeps the earliest sighting, keeps required, and takes presence from the update', () => {
    const stored = {
      a: { newImageSeenAt: '2026-11-22T10:01:00.000Z', required: true },
      b: { missingSince: '2026-11-22T10:00:00.000Z' },
    };
    const update = {
      a: { newImageSeenAt: '2026-11-22T10:02:00.000Z' },
      b: {},
      c: { missingSince: '2026-11-22T10:03:00.000Z' },
    };
    expect(mergeProgress(stored, update)).toEqual({
      a: { newImageSeenAt: '2026-11-22T10:01:00.000Z', required: true },
      b: {},
      c: { missingSince: '2026-11-22T10:03:00.000Z' },
    });
    expect(mergeProgress({ a: {} }, { a: { newImageSeenAt: 'x' } })).toEqual({
      a: { newImageSeenAt: 'x' },
    });
  });

  describe('which operations count: attribution by revision, and before or after the post without comparing clocks', () => {
    const A = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
    const B = 'b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2';
    const failedAt = (revision: string, startedAt: string) =>
      app({
        sync: { status: 'OutOfSync', revisions: [B] },
        operation: {
          phase: 'Failed',
          startedAt,
          revisions: [revision],
          message: `sync of ${revision.slice(0, 7)} failed`,
        },
      });
    /** What Argo Pulse had stored of the operation when the expectation was posted. */
    const seenAtPost = (
      operationStartedAt: string | null,
    ): ExpectationProgress => ({
      [key(API)]: { seenAtPost: { operationStartedAt } },
    });

    it.each([
      // [case, posted revision, app now, seen at post, verdict, text]
      [
        'fix forward: the bad commit A failed before the post; B is posted',
        B,
        failedAt(A, '2026-11-22T09:58:00Z'),
        seenAtPost('2026-11-22T09:58:00Z'),
        'pending',
        /runs ghcr.io\/acme\/api:1.0.0, not yet/,
      ],
      [
        'fix forward: Argo CD retries the old commit A after the post and it fails again',
        B,
        failedAt(A, '2026-11-22T10:00:40Z'),
        seenAtPost('2026-11-22T09:58:00Z'),
        'pending',
        /revision a1a1a1a failed to sync; waiting for b2b2b2b/,
      ],
      [
        "a hydrated application: Argo CD's hydrated commit of A fails after the post, named by CI's commit A",
        B,
        {
          ...failedAt(
            'c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3',
            '2026-11-22T10:00:40Z',
          ),
          hydrations: [
            {
              drySHA: A,
              hydratedSHA: 'c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3',
            },
          ],
        },
        seenAtPost('2026-11-22T09:58:00Z'),
        'pending',
        /revision a1a1a1a failed to sync; waiting for b2b2b2b/,
      ],
      [
        'a rollback to A after the post fails',
        B,
        failedAt(A, '2026-11-22T10:02:00Z'),
        seenAtPost(null),
        'pending',
        /revision a1a1a1a failed to sync/,
      ],
      [
        'the posted commit B fails after the post',
        B,
        failedAt(B, '2026-11-22T10:00:40Z'),
        seenAtPost(null),
        'failed',
        /sync of b2b2b2b failed/,
      ],
      [
        'the posted commit B had already failed when CI posted (a slow pipeline)',
        B,
        failedAt(B, '2026-11-22T09:59:00Z'),
        seenAtPost('2026-11-22T09:59:00Z'),
        'failed',
        /sync of b2b2b2b failed/,
      ],
      [
        'a short posted SHA matches the full one',
        B.slice(0, 7),
        failedAt(B, '2026-11-22T10:00:40Z'),
        seenAtPost(null),
        'failed',
        /sync of b2b2b2b failed/,
      ],
      [
        'without a revision: the failure seen at the post does not count',
        undefined,
        failedAt(A, '2026-11-22T09:58:00Z'),
        seenAtPost('2026-11-22T09:58:00Z'),
        'pending',
        /not yet/,
      ],
      [
        'without a revision: a new failure after the post counts',
        undefined,
        failedAt(A, '2026-11-22T10:00:40Z'),
        seenAtPost('2026-11-22T09:58:00Z'),
        'failed',
        /sync of a1a1a1a failed/,
      ],
      // Argo CD's clock 2 minutes behind Backstage's: its "09:58:30" is after the 10:00:00 post.
      [
        "Argo CD's clock 2 min behind: a failure after the post counts",
        undefined,
        failedAt(A, '2026-11-22T09:58:30Z'),
        seenAtPost('2026-11-22T09:50:00Z'),
        'failed',
        /sync of a1a1a1a failed/,
      ],
      // Argo CD's clock 2 minutes ahead: its "10:01:30" happened before the 10:00:00 post, and was stored by then.
      [
        "Argo CD's clock 2 min ahead: a failure from before the post does not",
        undefined,
        failedAt(A, '2026-11-22T10:01:30Z'),
        seenAtPost('2026-11-22T10:01:30Z'),
        'pending',
        /not yet/,
      ],
      [
        'an application unknown at the post: all it does is new',
        undefined,
        failedAt(A, '2026-11-22T09:00:00Z'),
        {},
        'failed',
        /sync of a1a1a1a failed/,
      ],
    ])('%s', (_case, revision, snapshot, progress, state, text) => {
      const result = evaluate({ apps: [snapshot], revision, progress });
      expect(result.state).toBe(state);
      expect(
        result.state === 'failed'
          ? result.message
          : (result as { waitingFor: string[] }).waitingFor.join('\n'),
      ).toMatch(text);
    });

    it('keeps what was seen at the post through every evaluation and merge', () => {
      const first = evaluate({
        apps: [app()],
        progress: seenAtPost('2026-11-22T09:00:00Z'),
      });
      expect(first.progress[key(API)].seenAtPost).toEqual({
        operationStartedAt: '2026-11-22T09:00:00Z',
      });
      expect(
        mergeProgress(first.progress, {
          [key(API)]: { seenAtPost: { operationStartedAt: 'later' } },
        })[key(API)].seenAtPost,
      ).toEqual({
        operationStartedAt: '2026-11-22T09:00:00Z',
      });
    });
  });

  describe('while an instance cannot be read', () => {
    const outage = new Map([
      [
        'prod',
        {
          lastSuccessAt: '2026-11-22T10:02:00.000Z',
          error: 'cannot connect (ECONNREFUSED)',
        },
      ],
    ]);
    const progressing = app({
      health: { status: 'Progressing' },
      images: ['ghcr.io/acme/api:1.0.0'],
    });

    it('a pending expectation says so first', () => {
      const result = evaluate({
        apps: [progressing],
        unreachable: outage,
        at: '2026-11-22T10:05:00Z',
      });
      expect(result).toMatchObject({ state: 'pending' });
      expect((result as { waitingFor: string[] }).waitingFor[0]).toBe(
        'instance prod unreachable (last refreshed 2026-11-22T10:02:00.000Z): cannot connect (ECONNREFUSED)',
      );
    });

    it('a deadline passing during the outage fails with instance-unreachable, not with the stale state', () => {
      const result = evaluate({
        apps: [progressing],
        unreachable: outage,
        at: DEADLINE,
      });
      expect(result).toMatchObject({
        state: 'failed',
        reason: 'instance-unreachable',
        message:
          'Not deployed by the deadline while Argo CD could not be read: instance prod unreachable (last refreshed 2026-11-22T10:02:00.000Z): cannot connect (ECONNREFUSED)',
      });
    });

    it('an outage of another instance changes nothing', () => {
      const result = evaluate({
        apps: [progressing],
        unreachable: new Map([['staging', { error: 'timed out' }]]),
        at: DEADLINE,
      });
      expect(result).toMatchObject({ state: 'failed', reason: 'timeout' });
    });
  });
});
