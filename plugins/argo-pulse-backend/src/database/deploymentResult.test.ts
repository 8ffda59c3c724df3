import { deploymentEventKey } from './deploymentIdentity';
import { rollbackOf, settleNewest } from './deploymentResult';
import { decideBatch } from './deploymentResults';
import type { ApplicationSnapshot, DeploymentRecord } from './types';

const SYNCED_AT = '2026-12-07T10:00:00.000Z';
const after = (seconds: number) =>
  new Date(Date.parse(SYNCED_AT) + seconds * 1000).toISOString();
const OPTIONS = {
  settleTimeoutMs: 10 * 60_000,
  degradedGraceMs: 2 * 60_000,
  acceptSuspended: false,
};
const deployment = { finishedAt: SYNCED_AT, revisions: ['abc'] };

function app(
  overrides: Partial<ApplicationSnapshot> = {},
): ApplicationSnapshot {
  return {
    instance: 'prod',
    namespace: 'argocd',
    name: 'payments',
    project: 'default',
    labels: {},
    sync: { status: 'Synced', revisions: ['abc'] },
    health: { status: 'Healthy' },
    operation: { phase: 'Succeeded' },
    images: [],
    sources: [],
    destination: {},
    conditions: [],
    ...overrides,
  };
}

const degradedPod = {
  kind: 'Pod',
  name: 'payments-7f9',
  status: 'Degraded',
  reason: 'ImagePullBackOff',
  message: 'Back-off pulling image',
};

describe('settleNewest: what happened to the newest deployment', () => {
  it.each([
    {
      what: 'Healthy at its revisions: healthy, with the time from the sync to Healthy',
      app: app(),
      at: after(42),
      result: {
        status: 'healthy',
        settledAt: after(42),
        healthyAfterSeconds: 42,
      },
    },
    {
      what: 'first seen Healthy long after the sync (older than the plugin): healthy, the time unknown',
      app: app(),
      at: after(3600),
      result: { status: 'healthy', settledAt: after(3600) },
    },
    {
      what: 'Progressing: progressing',
      app: app({ health: { status: 'Progressing' } }),
      at: after(30),
      result: { status: 'progressing' },
    },
    {
      what: 'Degraded within the grace: still progressing (pods flap during a rollout)',
      app: app({ health: { status: 'Degraded' } }),
      at: after(60),
      result: { status: 'progressing' },
    },
    {
      what: 'Degraded past the grace: degraded, with the unhealthy resource (detail)',
      app: app({
        health: { status: 'Degraded' },
        unhealthyResource: degradedPod,
      }),
      at: after(121),
      result: {
        status: 'degraded',
        reason: 'Pod payments-7f9: ImagePullBackOff — Back-off pulling image',
        reasonIsDetail: true,
        settledAt: after(121),
      },
    },
    {
      what: 'still Progressing past the settle timeout: degraded, our reason',
      app: app({ health: { status: 'Progressing' } }),
      at: after(601),
      result: {
        status: 'degraded',
        reason: 'did not become healthy within 10 minutes',
        reasonIsDetail: false,
      },
    },
    {
      what: 'Suspended, not accepted: progressing',
      app: app({ health: { status: 'Suspended' } }),
      at: after(30),
      result: { status: 'progressing' },
    },
    {
      what: 'a sync of other revisions under way: progressing (the newer deployment will supersede it)',
      app: app({ sync: { status: 'OutOfSync', revisions: ['def'] } }),
      at: after(30),
      result: { status: 'progressing' },
    },
    {
      what: 'an operation still running: progressing',
      app: app({ operation: { phase: 'Running' } }),
      at: after(30),
      result: { status: 'progressing' },
    },
    {
      what: 'the application is gone: unknown',
      app: undefined,
      at: after(30),
      result: { status: 'unknown' },
    },
  ])('$what', ({ app: snapshot, at, result }) => {
    // The whole result: a time to Healthy only where the row says one.
    expect(settleNewest(deployment, snapshot, at, OPTIONS)).toEqual({
      ...(result.status === 'progressing' ? {} : { settledAt: at }),
      ...result,
    });
  });

  it('Suspended counts as Healthy where expectations.acceptSuspended says so', () => {
    expect(
      settleNewest(
        deployment,
        app({ health: { status: 'Suspended' } }),
        after(10),
        { ...OPTIONS, acceptSuspended: true },
      ),
    ).toMatchObject({ status: 'healthy', healthyAfterSeconds: 10 });
  });

  describe('with an Argo Rollouts canary', () => {
    const canary = {
      name: 'payments',
      strategy: 'canary' as const,
      phase: 'Paused',
      step: { current: 2, total: 5 },
      canaryWeight: 20,
      paused: { kind: 'pause-step' as const },
      stableImages: ['ghcr.io/acme/payments:1.0.0'],
      updateImages: ['ghcr.io/acme/payments:1.1.0'],
    };

    it('a paused canary is progressing, even where Suspended counts as Healthy, and past the settle timeout', () => {
      const paused = app({
        health: { status: 'Suspended' },
        rollouts: [canary],
      });
      expect(
        settleNewest(deployment, paused, after(10), {
          ...OPTIONS,
          acceptSuspended: true,
        }),
      ).toEqual({ status: 'progressing' });
      expect(
        settleNewest(deployment, paused, after(3 * 3600), OPTIONS),
      ).toEqual({ status: 'progressing' });
    });

    it("an aborted canary is degraded at once, with Argo Rollouts' reason", () => {
      const aborted = app({
        health: { status: 'Degraded' },
        rollouts: [
          {
            ...canary,
            phase: 'Degraded',
            paused: undefined,
            aborted: {
              message: 'RolloutAborted: Metric "success-rate" assessed Failed',
            },
          },
        ],
      });
      expect(settleNewest(deployment, aborted, after(5), OPTIONS)).toEqual({
        status: 'degraded',
        settledAt: after(5),
        reason:
          'Rollout payments aborted: RolloutAborted: Metric "success-rate" assessed Failed',
        reasonIsDetail: true,
      });
    });
  });
});

describe('rollbackOf: a deployment going back to an earlier one', () => {
  let id = 0;
  const entry = (
    revision: string,
    images: string[] = [],
  ): DeploymentRecord => ({
    instance: 'prod',
    namespace: 'argocd',
    application: 'payments',
    historyId: id++,
    revisions: [revision],
    sources: [],
    finishedAt: after(id),
    images,
    imagesSettled: true,
  });

  it('by revision: a, b, a goes back to the first', () => {
    const history = [entry('a'), entry('b'), entry('a')];
    expect(rollbackOf(history[2], history)).toBe(history[0]);
    expect(rollbackOf(history[1], history)).toBeUndefined();
  });

  it('a redeploy of the same revision is no rollback', () => {
    const history = [entry('a'), entry('a')];
    expect(rollbackOf(history[1], history)).toBeUndefined();
  });

  it('by image, where both are known: the same revision with other images is not the same deployment', () => {
    const history = [
      entry('a', ['x:1']),
      entry('b', ['x:2']),
      entry('a', ['x:3']),
    ];
    expect(rollbackOf(history[2], history)).toBeUndefined();
    const back = [
      entry('a', ['x:1']),
      entry('b', ['x:2']),
      entry('a', ['x:1']),
    ];
    expect(rollbackOf(back[2], back)).toBe(back[0]);
  });

  it('a failed operation between them is not what was replaced', () => {
    const failed = { ...entry('b'), historyId: undefined };
    const history = [entry('a'), failed, entry('a')];
    expect(rollbackOf(history[2], history)).toBeUndefined();
  });
});

describe('decideBatch: a poll batch, each deployment with its result', () => {
  const at = after(30);
  const record = (
    historyId: number | undefined,
    revision: string,
    finishedSeconds: number,
  ): DeploymentRecord => ({
    instance: 'prod',
    namespace: 'argocd',
    application: 'payments',
    historyId,
    revisions: [revision],
    sources: [],
    finishedAt: after(finishedSeconds - 30),
    images: [],
    imagesSettled: false,
  });

  it('the newest settled from the application, older ones first seen now unknown, a failed operation failed, a rollback named', () => {
    const deployments = [
      record(0, 'abc', -300),
      record(1, 'def', -200),
      record(2, 'abc', -10),
      record(undefined, 'ghi', 0),
    ];
    const decided = decideBatch(
      {
        instance: 'prod',
        applications: [{ snapshot: app(), fingerprint: 'f', observedAt: at }],
        deployments,
      },
      OPTIONS,
    );
    expect(deployments.map(d => decided.get(d)?.result.status)).toEqual([
      'unknown',
      'unknown',
      'healthy',
      'failed',
    ]);
    expect(decided.get(deployments[2])?.rollbackOf).toBe(
      deploymentEventKey(deployments[0]),
    );
    expect(decided.get(deployments[1])?.rollbackOf).toBeUndefined();
  });
});
