import type { SimApplication } from '../SimApplication';
import { argoCdRolloutHealth } from './rolloutHealth';
import { liveRollout } from './rolloutManifest';
import { stepsOf } from './SimRollout';

/** A Rollout's state in the control API's answers. */
export interface ArgoRolloutSummary {
  name: string;
  strategy: 'canary' | 'blueGreen';
  /** Argo Rollouts' `status.phase` and `status.message`. */
  phase: string;
  message?: string;
  /** Argo CD's health of the Rollout (Suspended while paused). */
  health: string;
  /** Canary with steps: `status.currentStepIndex` (0-based) and the number of steps. */
  currentStepIndex?: number;
  steps?: number;
  /** Why it is paused: `CanaryPauseStep`, `InconclusiveAnalysisRun` or `BlueGreenPause`. */
  paused?: string;
  aborted: boolean;
  /** Paused until someone promotes it: `advance` does not pass this step. */
  awaitingPromotion: boolean;
}

/** A promote, abort or advance that the Rollout's state does not allow (the control API's 409). */
export class RolloutConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RolloutConflictError';
  }
}

/** The application's Rollout as the control API reports it. */
export function summarizeRollout(
  app: SimApplication,
  awaitingPromotion: boolean,
): ArgoRolloutSummary {
  const rollout = app.rollout!;
  const live = liveRollout(rollout, app.doc.metadata.name!);
  const status = live.status!;
  const steps = stepsOf(rollout.option).length;
  return {
    name: rollout.name,
    strategy: rollout.option.strategy,
    phase: status.phase!,
    ...(status.message ? { message: status.message } : {}),
    health: argoCdRolloutHealth(live).status,
    ...(steps ? { currentStepIndex: rollout.currentStepIndex, steps } : {}),
    ...(rollout.pause ? { paused: rollout.pause.reason } : {}),
    aborted: !!rollout.abort,
    awaitingPromotion,
  };
}

/** `Paused: CanaryPauseStep`, for messages that say why a call was refused. */
export function describeArgoRollout(app: SimApplication): string {
  const { phase, message } = liveRollout(app.rollout!, app.doc.metadata.name!)
    .status!;
  return message ? `${phase}: ${message}` : phase!;
}
