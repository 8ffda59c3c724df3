import type {
  ArgoCdApplicationTree,
  ArgoRollout,
} from '@argo-pulse/backstage-plugin-common';
import { describeRollout } from '@argo-pulse/backstage-plugin-common';
import { durationSeconds } from './rolloutDuration';
import { rolloutState } from './rolloutState';

const STEPS = [
  { setWeight: 20 },
  { pause: {} },
  { setWeight: 50 },
  { analysis: { templates: [{ templateName: 'success-rate' }] } },
  { pause: { duration: '30s' } },
];

/** A canary of checkout from 1.0.0 (ReplicaSet hash `stable1`) to 1.1.0 (`canary1`). */
function canary(status: NonNullable<ArgoRollout['status']>): ArgoRollout {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'checkout', namespace: 'shop', generation: 3 },
    spec: {
      replicas: 5,
      strategy: { canary: { steps: STEPS } },
      template: {
        spec: {
          containers: [{ name: 'app', image: 'ghcr.io/acme/checkout:1.1.0' }],
        },
      },
    },
    status: {
      currentPodHash: 'canary1',
      stableRS: 'stable1',
      observedGeneration: '3',
      ...status,
    },
  };
}

/** The tree: pods of both ReplicaSets, with their images. */
const TREE: ArgoCdApplicationTree = {
  nodes: [
    ['stable1', 'ghcr.io/acme/checkout:1.0.0'],
    ['canary1', 'ghcr.io/acme/checkout:1.1.0'],
  ].map(([hash, image]) => ({
    group: '',
    version: 'v1',
    kind: 'Pod',
    namespace: 'shop',
    name: `checkout-${hash}-x7k2p`,
    parentRefs: [
      {
        group: 'apps',
        kind: 'ReplicaSet',
        namespace: 'shop',
        name: `checkout-${hash}`,
      },
    ],
    images: [image],
  })),
};

describe('rolloutState', () => {
  it('reads a canary paused at an indefinite pause step: step, weight, images, and why', () => {
    const state = rolloutState(
      canary({
        phase: 'Paused',
        message: 'CanaryPauseStep',
        currentStepIndex: 1,
        controllerPause: true,
        pauseConditions: [
          { reason: 'CanaryPauseStep', startTime: '2026-11-22T10:02:00Z' },
        ],
      }),
      TREE,
    );
    expect(state).toMatchObject({
      namespace: 'shop',
      name: 'checkout',
      strategy: 'canary',
      phase: 'Paused',
      step: { current: 2, total: 5 },
      canaryWeight: 20,
      paused: {
        kind: 'pause-step',
        reason: 'CanaryPauseStep',
        since: '2026-11-22T10:02:00Z',
      },
      stableImages: ['ghcr.io/acme/checkout:1.0.0'],
      updateImages: ['ghcr.io/acme/checkout:1.1.0'],
    });
    expect(state.paused?.until).toBeUndefined();
    expect(state.steps?.map(s => `${s.kind}:${s.state}`)).toEqual([
      'setWeight:done',
      'pause:current',
      'setWeight:pending',
      'analysis:pending',
      'pause:pending',
    ]);
    expect(describeRollout(state)).toBe('canary 20 % (step 2 of 5), paused');
  });

  it('says until when a timed pause lasts', () => {
    const state = rolloutState(
      canary({
        currentStepIndex: 4,
        pauseConditions: [
          { reason: 'CanaryPauseStep', startTime: '2026-11-22T10:02:00Z' },
        ],
      }),
      TREE,
    );
    expect(state.canaryWeight).toBe(50);
    expect(state.paused?.until).toBe('2026-11-22T10:02:30.000Z');
  });

  it('reads the analysis of the current step, and an inconclusive one as a pause for a person', () => {
    const state = rolloutState(
      canary({
        currentStepIndex: 3,
        pauseConditions: [{ reason: 'InconclusiveAnalysisRun' }],
        canary: {
          currentStepAnalysisRunStatus: {
            name: 'checkout-canary1-3',
            status: 'Inconclusive',
            message: 'Metric "success-rate" assessed Inconclusive',
          },
        },
      }),
      TREE,
    );
    expect(state.paused?.kind).toBe('inconclusive-analysis');
    expect(state.analysis).toEqual({
      name: 'checkout-canary1-3',
      status: 'Inconclusive',
      message: 'Metric "success-rate" assessed Inconclusive',
    });
    expect(describeRollout(state)).toBe(
      'canary 50 % (step 4 of 5), paused: analysis inconclusive',
    );
  });

  it('reads an aborted canary: weight 0, Argo Rollouts’ message, Degraded even without status.phase (older controllers)', () => {
    const state = rolloutState(
      canary({
        abort: true,
        abortedAt: '2026-11-22T10:04:00Z',
        currentStepIndex: 3,
        conditions: [
          {
            type: 'Progressing',
            reason: 'RolloutAborted',
            message: 'Rollout aborted update to revision 4',
          },
        ],
      }),
      TREE,
    );
    expect(state).toMatchObject({
      phase: 'Degraded',
      canaryWeight: 0,
      aborted: {
        at: '2026-11-22T10:04:00Z',
        message: 'Rollout aborted update to revision 4',
      },
    });
    expect(describeRollout(state)).toBe('canary aborted');
  });

  it('reads a finished canary as complete: the update is the stable version', () => {
    const state = rolloutState(
      canary({ phase: 'Healthy', stableRS: 'canary1', currentStepIndex: 5 }),
      TREE,
    );
    expect(state).toMatchObject({
      step: { current: 5, total: 5 },
      canaryWeight: 100,
      stableImages: ['ghcr.io/acme/checkout:1.1.0'],
    });
    expect(state.steps?.every(s => s.state === 'done')).toBe(true);
    expect(describeRollout(state)).toBeUndefined();
  });

  it('reads a blue-green preview waiting for promotion: active is the stable version', () => {
    const blueGreen: ArgoRollout = {
      ...canary({}),
      spec: {
        ...canary({}).spec,
        strategy: { blueGreen: { activeService: 'a', previewService: 'p' } },
      },
      status: {
        phase: 'Paused',
        currentPodHash: 'canary1',
        stableRS: 'stable1',
        pauseConditions: [{ reason: 'BlueGreenPause' }],
        blueGreen: { activeSelector: 'stable1', previewSelector: 'canary1' },
      },
    };
    const state = rolloutState(blueGreen, TREE);
    expect(state).toMatchObject({
      strategy: 'blueGreen',
      paused: { kind: 'awaiting-promotion' },
      stableImages: ['ghcr.io/acme/checkout:1.0.0'],
      updateImages: ['ghcr.io/acme/checkout:1.1.0'],
    });
    expect(state.step).toBeUndefined();
    expect(describeRollout(state)).toBe(
      'blue-green: preview awaiting promotion',
    );
  });

  it('reads weights from the traffic router when there is one', () => {
    const state = rolloutState(
      canary({
        currentStepIndex: 2,
        canary: { weights: { canary: { weight: 45 }, stable: { weight: 55 } } },
      }),
      TREE,
    );
    expect(state.canaryWeight).toBe(45);
  });
});

describe('durationSeconds', () => {
  it.each([
    [30, 30],
    ['45', 45],
    ['30s', 30],
    ['5m', 300],
    ['1h30m', 5400],
    ['500ms', 0.5],
    ['soon', undefined],
    ['5m later', undefined],
    [undefined, undefined],
  ])('%s is %s seconds', (value, seconds) => {
    expect(durationSeconds(value as string | number | undefined)).toBe(seconds);
  });
});
