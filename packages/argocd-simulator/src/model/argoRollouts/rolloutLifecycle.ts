import { durationMs } from '../../scenario/rolloutSchema';
import { worstHealth } from '../healthRollup';
import { k8sTime } from '../ids';
import type { Step, Wait } from '../lifecycle';
import { RolloutContext, syncSucceeds } from '../rolloutSteps';
import type { SimApplication } from '../SimApplication';
import { argoCdRolloutHealth } from './rolloutHealth';
import { liveRollout } from './rolloutManifest';
import {
  abortUpdate,
  analysisEnds,
  beginUpdate,
  enterStep,
  pauseBeforePromotion,
  previewUp,
  promoteFully,
  updateTimesOut,
} from './rolloutTransitions';
import { isUpdating, liveImagesOf, SimRollout, stepsOf } from './SimRollout';

/** How the analysis runs of a canary's analysis steps end (chosen by the rollout request). */
export const analysisOutcomes = [
  'successful',
  'failed',
  'inconclusive',
] as const;
export type AnalysisOutcome = (typeof analysisOutcomes)[number];

/** The Rollout's health as Argo CD computes it from the live object. */
export function rolloutHealthOf(app: SimApplication) {
  return argoCdRolloutHealth(liveRollout(app.rollout!, app.doc.metadata.name!));
}

/**
 * The Application follows its Rollout, as Argo CD's controller would at its next
 * reconciliation: its health is the worst of its resources' (the Services are
 * Healthy), and `summary.images` lists the images of the pods that run.
 */
export function followRollout(app: SimApplication, now: Date): void {
  const status = app.doc.status;
  const health = worstHealth(['Healthy', rolloutHealthOf(app).status]);
  if (status.health?.status !== health)
    status.health = { status: health, lastTransitionTime: k8sTime(now) };
  status.summary = { ...status.summary, images: liveImagesOf(app.rollout!) };
}

/** A step of the controller that moves the application's Rollout. */
function rolloutStep(
  phase: string,
  transition: (rollout: SimRollout, now: Date) => void,
  after: Wait,
): Step {
  return {
    phase,
    after,
    apply: (app: SimApplication, ctx: RolloutContext) => {
      transition(app.rollout!, ctx.now);
      followRollout(app, ctx.now);
    },
  };
}

/** The end of an update: the new ReplicaSet is the stable one. */
const FULLY_PROMOTED = rolloutStep('healthy', promoteFully, null);

/** `kubectl argo rollouts abort`: the step the controller applies when asked to abort. */
export const ABORTED = rolloutStep(
  'aborted',
  (rollout, now) => abortUpdate(rollout, now),
  null,
);

/** A canary's steps from the one it executes now, named `step-<n>-<kind>` (1-based, as people count). */
function canarySteps(rollout: SimRollout, analysis: AnalysisOutcome): Step[] {
  const steps: Step[] = [];
  const all = stepsOf(rollout.option);
  for (let index = rollout.currentStepIndex; index < all.length; index++) {
    const step = all[index];
    const enter = (r: SimRollout, now: Date) => enterStep(r, index, now);
    const name = `step-${index + 1}`;
    if ('setWeight' in step) {
      steps.push(rolloutStep(`${name}-set-weight`, enter, 'progressing'));
    } else if ('pause' in step) {
      const { duration } = step.pause;
      const wait: Wait =
        duration === undefined ? 'promotion' : { ms: durationMs(duration) };
      steps.push(rolloutStep(`${name}-pause`, enter, wait));
    } else {
      steps.push(rolloutStep(`${name}-analysis`, enter, 'progressing'));
      if (analysis === 'failed') {
        const fail = (r: SimRollout, now: Date) =>
          analysisEnds(r, 'Failed', now);
        return [...steps, rolloutStep('aborted', fail, null)];
      }
      if (analysis === 'inconclusive') {
        const pause = (r: SimRollout, now: Date) =>
          analysisEnds(r, 'Inconclusive', now);
        steps.push(rolloutStep(`${name}-inconclusive`, pause, 'promotion'));
      }
      // A successful run completes the step: the next one starts at once, as in Argo Rollouts.
    }
  }
  return [...steps, FULLY_PROMOTED];
}

/** A blue-green update: the preview comes up, waits to be promoted unless auto-promoted, then goes live. */
function blueGreenSteps(rollout: SimRollout): Step[] {
  const autoPromotion =
    rollout.option.strategy === 'blueGreen' && rollout.option.autoPromotion;
  return [
    rolloutStep('preview', previewUp, 'progressing'),
    ...(autoPromotion
      ? []
      : [rolloutStep('awaiting-promotion', pauseBeforePromotion, 'promotion')]),
    FULLY_PROMOTED,
  ];
}

/** What the Rollout does after its sync, by the rollout's outcome. */
function updateSteps(
  rollout: SimRollout,
  outcome: 'success' | 'degraded',
  analysis: AnalysisOutcome,
): Step[] {
  // Back to the stable template: nothing to walk through.
  if (!isUpdating(rollout)) return [FULLY_PROMOTED];
  if (outcome === 'degraded')
    return [rolloutStep('degraded', updateTimesOut, null)];
  return rollout.option.strategy === 'canary'
    ? canarySteps(rollout, analysis)
    : blueGreenSteps(rollout);
}

/**
 * The sync of an application that runs a Rollout succeeds: the Rollout gets its
 * new pod template and a new ReplicaSet (Progressing), then walks its strategy.
 */
export function rolloutSyncStep(
  outcome: 'success' | 'degraded',
  analysis: AnalysisOutcome,
): Step {
  return {
    phase: 'progressing',
    apply: (app, ctx) => {
      syncSucceeds(app, ctx);
      beginUpdate(app.rollout!, app.desiredImages, ctx.now);
      followRollout(app, ctx.now);
    },
    after: 'progressing',
    continueWith: app => updateSteps(app.rollout!, outcome, analysis),
  };
}
