import type { ArgoPulseRollout } from '@argo-pulse/backstage-plugin-common';
import type { ApplicationSnapshot } from '../database/types';
import { evaluateExpectation, EvaluationSettings } from './evaluateExpectation';

const OLD = 'ghcr.io/acme/checkout:1.0.0';
const NEW = 'ghcr.io/acme/checkout:1.1.0';
const KEY = { instance: 'prod', namespace: 'argocd', name: 'checkout-prod' };
const SETTINGS: EvaluationSettings = {
  degradedGraceMs: 120_000,
  appMissingGraceMs: 60_000,
  acceptSuspended: false,
};

/** A canary from OLD to NEW, changed by `overrides`. */
function canary(overrides: Partial<ArgoPulseRollout> = {}): ArgoPulseRollout {
  return {
    name: 'checkout',
    strategy: 'canary',
    phase: 'Paused',
    step: { current: 2, total: 5 },
    canaryWeight: 20,
    paused: { kind: 'pause-step', reason: 'CanaryPauseStep' },
    stableImages: [OLD],
    updateImages: [NEW],
    ...overrides,
  };
}

/** The application of a Rollout, Synced at the new revision. */
function app(
  health: string,
  images: string[],
  rollout: ArgoPulseRollout,
): ApplicationSnapshot {
  return {
    ...KEY,
    project: 'default',
    labels: {},
    sync: { status: 'Synced', revisions: ['b'.repeat(40)] },
    health: { status: health },
    operation: {
      phase: 'Succeeded',
      startedAt: '2026-11-22T10:00:30Z',
      finishedAt: '2026-11-22T10:00:35Z',
    },
    images,
    sources: [],
    destination: {},
    conditions: [],
    rollouts: [rollout],
  };
}

function evaluate(
  snapshot: ApplicationSnapshot,
  options: { at?: string; settings?: Partial<EvaluationSettings> } = {},
) {
  return evaluateExpectation({
    expectation: {
      createdAt: '2026-11-22T10:00:00Z',
      deadlineAt: '2026-11-22T10:30:00Z',
      images: [NEW],
      targets: [KEY],
      progress: {},
    },
    applications: new Map([[`prod/argocd/checkout-prod`, snapshot]]),
    now: new Date(options.at ?? '2026-11-22T10:05:00Z'),
    settings: { ...SETTINGS, ...options.settings },
  });
}

describe('expectations through an Argo Rollouts canary', () => {
  it.each([
    [
      'setting the weight',
      app(
        'Progressing',
        [OLD, NEW],
        canary({ phase: 'Progressing', paused: undefined }),
      ),
      'prod/checkout-prod: Rollout checkout: canary 20 % (step 2 of 5)',
    ],
    [
      'paused at a step',
      app('Suspended', [OLD, NEW], canary()),
      'prod/checkout-prod: Rollout checkout: canary 20 % (step 2 of 5), paused',
    ],
    [
      'paused on an inconclusive analysis',
      app(
        'Suspended',
        [OLD, NEW],
        canary({ paused: { kind: 'inconclusive-analysis' } }),
      ),
      'prod/checkout-prod: Rollout checkout: canary 20 % (step 2 of 5), paused: analysis inconclusive',
    ],
    [
      'a blue-green preview waiting to be promoted',
      app(
        'Suspended',
        [OLD, NEW],
        canary({
          strategy: 'blueGreen',
          step: undefined,
          canaryWeight: undefined,
          paused: { kind: 'awaiting-promotion', reason: 'BlueGreenPause' },
        }),
      ),
      'prod/checkout-prod: Rollout checkout: blue-green: preview awaiting promotion',
    ],
  ])('waits while %s, saying where the Rollout is', (_, snapshot, line) => {
    const verdict = evaluate(snapshot);
    expect(verdict.state).toBe('pending');
    expect(verdict.state === 'pending' && verdict.waitingFor).toContain(line);
  });

  it('waits through a pause even when Suspended counts as healthy (a paused canary is not scaled to zero)', () => {
    const verdict = evaluate(app('Suspended', [OLD, NEW], canary()), {
      settings: { acceptSuspended: true },
    });
    expect(verdict.state).toBe('pending');
  });

  it('waits through a long pause until the deadline, then fails with where the canary stood', () => {
    const verdict = evaluate(app('Suspended', [OLD, NEW], canary()), {
      at: '2026-11-22T10:30:00Z',
    });
    expect(verdict).toMatchObject({ state: 'failed', reason: 'timeout' });
    expect(verdict.state === 'failed' && verdict.message).toContain(
      'canary 20 % (step 2 of 5), paused',
    );
  });

  it('is deployed once the canary is the stable version and the Rollout Healthy, while the old pods are still scaled down', () => {
    const done = canary({
      phase: 'Healthy',
      step: { current: 5, total: 5 },
      canaryWeight: 100,
      paused: undefined,
      stableImages: [NEW],
    });
    expect(evaluate(app('Healthy', [OLD, NEW], done)).state).toBe('deployed');
  });

  it('fails at once with rollout-aborted and Argo Rollouts’ reason when the canary of the expected image aborts', () => {
    const aborted = canary({
      phase: 'Degraded',
      canaryWeight: 0,
      paused: undefined,
      aborted: {
        at: '2026-11-22T10:04:00Z',
        message:
          'RolloutAborted: Rollout aborted update to revision 4: Metric "success-rate" assessed Failed due to failed (1) > failureLimit (0)',
      },
    });
    const verdict = evaluate(app('Degraded', [OLD], aborted));
    expect(verdict).toMatchObject({
      state: 'failed',
      reason: 'rollout-aborted',
    });
    expect(verdict.state === 'failed' && verdict.message).toBe(
      'prod/checkout-prod: Rollout checkout aborted the update to ghcr.io/acme/checkout:1.1.0: RolloutAborted: Rollout aborted update to revision 4: Metric "success-rate" assessed Failed due to failed (1) > failureLimit (0)',
    );
  });

  it('does not fail on an abort of another version: a new template starts a new update', () => {
    const older = canary({
      phase: 'Degraded',
      paused: undefined,
      updateImages: ['ghcr.io/acme/checkout:1.0.9'],
      aborted: { message: 'RolloutAborted' },
    });
    expect(evaluate(app('Degraded', [OLD], older)).state).toBe('pending');
  });
});
