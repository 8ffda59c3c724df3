import { z } from 'zod';
import {
  AnalysisOutcome,
  rolloutSyncStep,
} from './argoRollouts/rolloutLifecycle';
import {
  commitLands,
  dryRunSucceeds,
  podsBecomeHealthy,
  podsDegrade,
  RolloutContext,
  syncFails,
  syncStarts,
  syncSucceeds,
} from './rolloutSteps';
import type { SimApplication } from './SimApplication';

/**
 * The steps a rollout goes through, by outcome: Argo CD's (the commit lands,
 * the sync runs, the pods roll), and an Argo Rollouts Rollout's after its sync.
 */

/** How a rollout ends. */
export const rolloutOutcomes = [
  'success',
  'sync-failed',
  'sync-error',
  'degraded',
] as const;
export type RolloutOutcome = (typeof rolloutOutcomes)[number];

/** How long each phase lasts before the next step, in milliseconds. */
export const phaseDurationsSchema = z
  .object({
    outOfSync: z.number().int().min(0).max(600_000),
    syncing: z.number().int().min(0).max(600_000),
    progressing: z.number().int().min(0).max(600_000),
  })
  .strict();
export type PhaseDurations = z.infer<typeof phaseDurationsSchema>;

export const DEFAULT_PHASE_DURATIONS: PhaseDurations = {
  outOfSync: 1000,
  syncing: 2000,
  progressing: 3000,
};

/**
 * The wait before the next step: a phase's duration, a fixed time (a Rollout's timed pause),
 * `now` (as soon as the caller has its answer), `promotion` (until someone promotes the
 * Rollout: no timer, and `advance` does not pass it), or none (the end).
 */
export type Wait =
  | keyof PhaseDurations
  | { ms: number }
  | 'now'
  | 'promotion'
  | null;

export interface Step {
  /** The phase the application is in after the step. */
  phase: string;
  apply: (app: SimApplication, ctx: RolloutContext) => void;
  after: Wait;
  /** The steps that follow, decided once this one has applied (an Argo Rollouts update's steps). */
  continueWith?: (app: SimApplication) => Step[];
}

/** The steps of each outcome, named by the phase the application is in after the step. */
const STEPS: Record<RolloutOutcome, Step[]> = {
  success: [
    { phase: 'out-of-sync', apply: commitLands, after: 'outOfSync' },
    { phase: 'syncing', apply: syncStarts, after: 'syncing' },
    { phase: 'progressing', apply: syncSucceeds, after: 'progressing' },
    { phase: 'healthy', apply: podsBecomeHealthy, after: null },
  ],
  'sync-failed': [
    { phase: 'out-of-sync', apply: commitLands, after: 'outOfSync' },
    { phase: 'syncing', apply: syncStarts, after: 'syncing' },
    { phase: 'sync-failed', apply: syncFails('Failed'), after: null },
  ],
  'sync-error': [
    { phase: 'out-of-sync', apply: commitLands, after: 'outOfSync' },
    { phase: 'syncing', apply: syncStarts, after: 'syncing' },
    { phase: 'sync-error', apply: syncFails('Error'), after: null },
  ],
  degraded: [
    { phase: 'out-of-sync', apply: commitLands, after: 'outOfSync' },
    { phase: 'syncing', apply: syncStarts, after: 'syncing' },
    { phase: 'progressing', apply: syncSucceeds, after: 'progressing' },
    { phase: 'degraded', apply: podsDegrade, after: null },
  ],
};

/**
 * The steps of a rollout to an application. A Rollout takes over once the sync has
 * succeeded: its steps follow from its strategy and the analysis outcome asked for.
 */
export function stepsFor(
  app: SimApplication,
  outcome: RolloutOutcome,
  analysis: AnalysisOutcome,
): Step[] {
  const steps = STEPS[outcome];
  if (!app.rollout || (outcome !== 'success' && outcome !== 'degraded'))
    return steps;
  return [...steps.slice(0, 2), rolloutSyncStep(outcome, analysis)];
}

/**
 * Someone asked for a sync (util/argo/argo.go `SetAppOperation`): `operation` is set on the
 * Application and the last `operationState` is cleared, until the controller picks it up.
 */
function operationRequested(app: SimApplication, ctx: RolloutContext): void {
  app.doc.operation = structuredClone(ctx.operation);
  delete app.doc.status.operationState;
}

const REQUESTED: Step = {
  phase: 'requested',
  apply: operationRequested,
  after: 'now',
};
const SYNCING: Step = { phase: 'syncing', apply: syncStarts, after: 'syncing' };

/** The steps of a sync asked for through the API, from the request on. */
export function syncSteps(
  app: SimApplication,
  outcome: RolloutOutcome,
  options: { dryRun: boolean; podsRoll: boolean; analysis: AnalysisOutcome },
): Step[] {
  const head = [REQUESTED, SYNCING];
  if (options.dryRun)
    return [
      ...head,
      { phase: 'succeeded', apply: dryRunSucceeds, after: null },
    ];
  if (outcome === 'success' && !options.podsRoll)
    return [...head, { phase: 'synced', apply: syncSucceeds, after: null }];
  return [...head, ...stepsFor(app, outcome, options.analysis).slice(2)];
}
