import { podImagesUnder, rolloutReads } from '../../testing/rolloutReads';
import { rolloutApp, testInstance } from '../../testing/testSimulator';
import { useTestSimulator } from '../../testing/useTestSimulator';
import type { RolloutRequest, RolloutStatus } from '../rolloutRequest';
import { RolloutConflictError } from './rolloutSummary';

// Each application runs image `ghcr.io/acme/<name>`, so its Rollout is named as it is.
const OLD = (name: string) => `ghcr.io/acme/${name}:1.0.0`;
const NEW = (name: string) => `ghcr.io/acme/${name}:2.0.0`;
const shop = (name: string, steps?: unknown[]) =>
  rolloutApp(
    name,
    steps ? { strategy: 'canary', steps: steps as never } : undefined,
  );

const { simulator, argo } = useTestSimulator({
  instances: [
    testInstance('main', [
      shop('failing'),
      shop('stopped'),
      shop('unsure', [
        { setWeight: 25 },
        { analysis: { templates: [{ templateName: 'error-rate' }] } },
        { setWeight: 100 },
      ]),
      shop('broken'),
      shop('returning'),
    ]),
  ],
});
const read = rolloutReads(argo);
const instance = () => simulator().instance('main');
const advance = (name: string) =>
  instance().rollouts.advance(instance().application(name))!;
/** Starts a manual rollout to NEW and advances it (promoting it past pauses) until the given phase. */
const rollOutUntil = (
  name: string,
  phase: string,
  request: Omit<RolloutRequest, 'images' | 'manual'> = {},
): RolloutStatus => {
  let status = instance().rollout(name, {
    images: [NEW(name)],
    manual: true,
    ...request,
  });
  while (status.phase !== phase && !status.done)
    status = status.rollout?.awaitingPromotion
      ? instance().promote(name)
      : advance(name);
  expect(status.phase).toBe(phase);
  return status;
};

describe('an aborted canary', () => {
  it('a failed analysis aborts it: Degraded with the metric, the canary scaled to 0, only the stable image runs', async () => {
    rollOutUntil('failing', 'step-4-analysis', { analysis: 'failed' });
    expect(advance('failing')).toMatchObject({
      phase: 'aborted',
      done: true,
      rollout: { phase: 'Degraded', health: 'Degraded', aborted: true },
    });
    const rollout = await read.rollout('failing');
    const { stableRS, currentPodHash } = rollout.status!;
    const message =
      'Rollout aborted update to revision 4: Step-based analysis phase error/failed: Metric "success-rate" assessed Failed due to failed (1) > failureLimit (0)';
    expect(rollout.status).toMatchObject({
      phase: 'Degraded',
      message: `RolloutAborted: ${message}`,
      abort: true,
      abortedAt: expect.stringMatching(/Z$/),
      currentStepIndex: 0,
      updatedReplicas: 0,
      canary: {
        weights: { canary: { weight: 0 }, stable: { weight: 100 } },
        currentStepAnalysisRunStatus: {
          status: 'Failed',
          message:
            'Metric "success-rate" assessed Failed due to failed (1) > failureLimit (0)',
        },
      },
    });
    expect(rollout.status!.conditions).toContainEqual(
      expect.objectContaining({
        type: 'Progressing',
        status: 'False',
        reason: 'RolloutAborted',
        message,
      }),
    );
    const tree = await read.tree('failing');
    expect(podImagesUnder(tree, `failing-${currentPodHash}`)).toEqual([]);
    expect(podImagesUnder(tree, `failing-${stableRS}`)).toEqual(
      Array(5).fill([OLD('failing')]),
    );
    const app = await read.app('failing');
    expect(app.status!.health!.status).toBe('Degraded');
    expect(app.status!.sync!.status).toBe('Synced');
    expect(app.status!.summary!.images).toEqual([OLD('failing')]);
    expect(() => instance().promote('failing')).toThrow(/is not paused/);
    expect(() => instance().abort('failing')).toThrow(
      /has no update in progress/,
    );
  });

  it('an abort during a pause: Degraded, "Rollout aborted update to revision N", back on the stable version', async () => {
    rollOutUntil('stopped', 'step-2-pause');
    expect(instance().abort('stopped')).toMatchObject({
      phase: 'aborted',
      done: true,
    });
    const rollout = await read.rollout('stopped');
    expect(rollout.status).toMatchObject({
      phase: 'Degraded',
      message: 'RolloutAborted: Rollout aborted update to revision 4',
      abort: true,
    });
    expect(rollout.status).not.toHaveProperty('pauseConditions');
    expect((await read.app('stopped')).status!.summary!.images).toEqual([
      OLD('stopped'),
    ]);
  });

  it('a rollout back to the stable version skips the steps and is Healthy again', async () => {
    rollOutUntil('returning', 'step-2-pause');
    instance().abort('returning');
    instance().rollout('returning', {
      images: [OLD('returning')],
      manual: true,
    });
    advance('returning');
    advance('returning');
    expect(advance('returning')).toMatchObject({
      phase: 'healthy',
      done: true,
    });
    const rollout = await read.rollout('returning');
    expect(rollout.status).toMatchObject({
      phase: 'Healthy',
      currentStepIndex: 6,
    });
    expect(rollout.status).not.toHaveProperty('abort');
    expect(rollout.status!.currentPodHash).toBe(rollout.status!.stableRS);
    expect((await read.app('returning')).status!.health!.status).toBe(
      'Healthy',
    );
  });
});

describe('an inconclusive analysis', () => {
  it('pauses the canary (InconclusiveAnalysisRun) until promoted, then it goes on', async () => {
    rollOutUntil('unsure', 'step-2-analysis', { analysis: 'inconclusive' });
    expect(advance('unsure')).toMatchObject({
      phase: 'step-2-inconclusive',
      rollout: {
        phase: 'Paused',
        health: 'Suspended',
        paused: 'InconclusiveAnalysisRun',
        awaitingPromotion: true,
      },
    });
    const rollout = await read.rollout('unsure');
    expect(rollout.status).toMatchObject({
      phase: 'Paused',
      message: 'InconclusiveAnalysisRun',
      pauseConditions: [{ reason: 'InconclusiveAnalysisRun' }],
      canary: {
        weights: { canary: { weight: 25 } },
        currentStepAnalysisRunStatus: {
          status: 'Inconclusive',
          message:
            'Metric "error-rate" assessed Inconclusive due to inconclusive (1) > inconclusiveLimit (0)',
        },
      },
    });
    expect((await read.app('unsure')).status!.health!.status).toBe('Suspended');
    expect(() => advance('unsure')).toThrow(RolloutConflictError);

    expect(instance().promote('unsure').phase).toBe('step-3-set-weight');
    const promoted = await read.rollout('unsure');
    expect(promoted.status).toMatchObject({
      phase: 'Progressing',
      currentStepIndex: 2,
    });
    expect(promoted.status!.canary).not.toHaveProperty(
      'currentStepAnalysisRunStatus',
    );
    expect(advance('unsure')).toMatchObject({ phase: 'healthy', done: true });
  });
});

describe('a canary whose pods cannot start', () => {
  it('times out: Degraded (ProgressDeadlineExceeded), its pods in ImagePullBackOff, not aborted', async () => {
    rollOutUntil('broken', 'degraded', { outcome: 'degraded' });
    const rollout = await read.rollout('broken');
    const canaryRS = `broken-${rollout.status!.currentPodHash}`;
    expect(rollout.status).toMatchObject({
      phase: 'Degraded',
      message: `ProgressDeadlineExceeded: ReplicaSet "${canaryRS}" has timed out progressing.`,
      readyReplicas: 5,
    });
    expect(rollout.status).not.toHaveProperty('abort');
    const tree = await read.tree('broken');
    const pod = tree.nodes!.find(
      n => n.kind === 'Pod' && n.parentRefs?.[0]?.name === canaryRS,
    )!;
    expect(pod.health).toEqual({
      status: 'Degraded',
      message: `Back-off pulling image "${NEW('broken')}"`,
    });
    const app = await read.app('broken');
    expect(app.status!.health!.status).toBe('Degraded');
    expect(app.status!.summary!.images).toEqual([OLD('broken'), NEW('broken')]);
  });
});
