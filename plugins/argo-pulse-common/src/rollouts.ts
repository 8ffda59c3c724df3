/**
 * Progressive delivery with Argo Rollouts, as Argo Pulse reports it: what a
 * Rollout an application manages is doing (which step of a canary, how much
 * traffic the new version gets, whether and why it is paused, whether it was
 * aborted), and the one-line description the card and the expectations use.
 */

/**
 * Why a Rollout is paused:
 * - `pause-step`: a canary `pause` step (until its duration ends, or until promoted);
 * - `inconclusive-analysis`: an analysis run was inconclusive, a person must decide;
 * - `awaiting-promotion`: a blue-green preview waits to be promoted;
 * - `user`: someone paused it (`spec.paused`);
 * - `other`: a reason Argo Pulse does not know (the `reason` says it).
 *
 * @public
 */
export type ArgoPulseRolloutPauseKind =
  | 'pause-step'
  | 'inconclusive-analysis'
  | 'awaiting-promotion'
  | 'user'
  | 'other';

/**
 * One step of a canary strategy and where the Rollout is in it.
 *
 * @public
 */
export interface ArgoPulseRolloutStep {
  /** `setWeight`, `pause`, `analysis`, or the name of another step kind. */
  kind: string;
  /** For `setWeight`: the canary's weight, 0 to 100. */
  weight?: number;
  /** For `pause`: its duration as written (`1h`, `30s`); absent when it waits to be promoted. */
  duration?: string;
  /** For `analysis`: the templates it runs. */
  templates?: string[];
  /** Done, the one being executed, or still to come. */
  state: 'done' | 'current' | 'pending';
}

/**
 * An analysis run of a Rollout (the current step's, or a blue-green pre-promotion one).
 *
 * @public
 */
export interface ArgoPulseRolloutAnalysis {
  /** The AnalysisRun's name. */
  name?: string;
  /** Pending, Running, Successful, Failed, Error or Inconclusive. */
  status: string;
  /** Argo Rollouts' message about it (detail). */
  message?: string;
}

/**
 * An Argo Rollouts `Rollout` an application manages: its progressive
 * delivery state, read from its live manifest and the resource tree.
 *
 * @public
 */
export interface ArgoPulseRollout {
  /** The Rollout's namespace. */
  namespace?: string;
  /** The Rollout's name. */
  name: string;
  /** `canary` or `blueGreen`. */
  strategy: 'canary' | 'blueGreen';
  /** Argo Rollouts' phase: Healthy, Progressing, Paused or Degraded. */
  phase: string;
  /** Canary: the step being executed (1-based) and how many there are; `current` is `total` once all are done. */
  step?: { current: number; total: number };
  /** Canary: the share of traffic the new version gets now, 0 to 100. */
  canaryWeight?: number;
  /** Set while paused: why, since when, and until when for a timed pause step. */
  paused?: {
    kind: ArgoPulseRolloutPauseKind;
    /** Argo Rollouts' own word, such as `CanaryPauseStep`. */
    reason?: string;
    since?: string;
    until?: string;
  };
  /** Set when the update was aborted (traffic is back on the stable version). */
  aborted?: {
    at?: string;
    /** Argo Rollouts' message, such as the metric that failed (detail). */
    message?: string;
  };
  /** Images of the stable version (canary) or of the version the active Service serves (blue-green). */
  stableImages: string[];
  /** Images of the version being rolled out (canary), or of the preview (blue-green); equal to `stableImages` when none is. */
  updateImages: string[];
  /** The analysis run that decides the current step (canary) or the promotion (blue-green). */
  analysis?: ArgoPulseRolloutAnalysis;
  /** Canary: each step and where the Rollout is (detail). */
  steps?: ArgoPulseRolloutStep[];
}

/**
 * Whether the Rollout has finished: its update is the stable version and it is Healthy.
 *
 * @public
 */
export function isRolloutComplete(rollout: ArgoPulseRollout): boolean {
  return (
    rollout.phase === 'Healthy' &&
    !rollout.aborted &&
    !rollout.paused &&
    sameImages(rollout.stableImages, rollout.updateImages)
  );
}

function sameImages(a: string[], b: string[]): boolean {
  const left = [...a].sort();
  const right = [...b].sort();
  return left.length === right.length && left.every((v, i) => v === right[i]);
}

const PAUSE_WORDS: Record<ArgoPulseRolloutPauseKind, string> = {
  'pause-step': 'paused',
  'inconclusive-analysis': 'paused: analysis inconclusive',
  'awaiting-promotion': 'awaiting promotion',
  user: 'paused by a user',
  other: 'paused',
};

/**
 * The Rollout's state in a few words, for the card and for what an
 * expectation waits for: `canary 20 % (step 3 of 8), paused`,
 * `canary aborted`, `blue-green: preview awaiting promotion`, or undefined
 * when the Rollout is complete (nothing to say beyond the application's health).
 *
 * @public
 */
export function describeRollout(rollout: ArgoPulseRollout): string | undefined {
  if (rollout.aborted)
    return rollout.strategy === 'canary'
      ? 'canary aborted'
      : 'blue-green aborted';
  if (isRolloutComplete(rollout)) return undefined;
  const pause = rollout.paused ? `, ${PAUSE_WORDS[rollout.paused.kind]}` : '';
  if (rollout.strategy === 'blueGreen') {
    if (rollout.paused?.kind === 'awaiting-promotion')
      return 'blue-green: preview awaiting promotion';
    return `blue-green: switching to the new version${pause}`;
  }
  const weight =
    rollout.canaryWeight !== undefined ? ` ${rollout.canaryWeight} %` : '';
  const step = rollout.step
    ? ` (step ${rollout.step.current} of ${rollout.step.total})`
    : '';
  return `canary${weight}${step}${pause}`;
}
