import { z } from 'zod';
import type { InstanceState } from './InstanceState';
import {
  commitLands,
  podsBecomeHealthy,
  podsDegrade,
  RolloutContext,
  syncFails,
  syncStarts,
  syncSucceeds,
} from './rolloutSteps';
import { appKey, SimApplication } from './SimApplication';

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

/** A request to roll new images out to an application (the control API's body). */
export const rolloutRequestSchema = z
  .object({
    images: z.array(z.string().min(1)).min(1),
    /** The git commit to record; generated when absent. */
    revision: z
      .string()
      .regex(/^[0-9a-f]{7,40}$/, 'must be a hex commit SHA')
      .optional(),
    /** The chart version to move to, for Helm chart sources; the patch version is bumped when absent. */
    chartVersion: z.string().optional(),
    author: z.string().optional(),
    message: z.string().optional(),
    outcome: z.enum(rolloutOutcomes).default('success'),
    /** Argo CD's message for a failed sync; a realistic one when absent. */
    failureMessage: z.string().optional(),
    /** A user who started the sync by hand; automated when absent. */
    initiatedBy: z.string().optional(),
    phaseDurationsMs: phaseDurationsSchema.partial().optional(),
    /** When true, each step waits for an explicit `advance`. */
    manual: z.boolean().default(false),
  })
  .strict();
export type RolloutRequest = z.input<typeof rolloutRequestSchema>;

type Step = {
  phase: string;
  apply: (app: SimApplication, ctx: RolloutContext) => void;
  after: keyof PhaseDurations | null;
};

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

/** Where a rollout stands. */
export interface RolloutStatus {
  application: string;
  outcome: RolloutOutcome;
  phase: string;
  done: boolean;
  manual: boolean;
  images: string[];
  revisions: string[];
}

interface ActiveRollout {
  app: SimApplication;
  request: z.output<typeof rolloutRequestSchema>;
  ctx: RolloutContext;
  durations: PhaseDurations;
  stepIndex: number;
  timer?: NodeJS.Timeout;
}

/**
 * Drives rollouts through Argo CD's lifecycle, on timers or step by step.
 * A new rollout to an application replaces one still running there.
 */
export class RolloutController {
  private readonly rollouts = new Map<string, ActiveRollout>();

  constructor(
    private readonly state: InstanceState,
    private readonly now: () => Date,
    private readonly defaultDurations: PhaseDurations = DEFAULT_PHASE_DURATIONS,
  ) {}

  /** Starts a rollout; the first step (the commit landing) applies at once. */
  start(app: SimApplication, input: RolloutRequest): RolloutStatus {
    const request = rolloutRequestSchema.parse(input);
    const key = this.keyOf(app);
    this.stopTimer(this.rollouts.get(key));
    const rollout: ActiveRollout = {
      app,
      request,
      durations: { ...this.defaultDurations, ...request.phaseDurationsMs },
      stepIndex: -1,
      ctx: {
        ...request,
        instance: this.state.name,
        revisions: [],
        previousImages: [],
        now: this.now(),
      },
    };
    this.rollouts.set(key, rollout);
    this.step(rollout);
    return this.describe(rollout);
  }

  /** Applies the next step of a manual (or timed) rollout now. */
  advance(app: SimApplication): RolloutStatus | undefined {
    const rollout = this.rollouts.get(this.keyOf(app));
    if (!rollout) return undefined;
    if (!this.isDone(rollout)) {
      this.stopTimer(rollout);
      this.step(rollout);
    }
    return this.describe(rollout);
  }

  /** The latest rollout of an application, if any. */
  status(app: SimApplication): RolloutStatus | undefined {
    const rollout = this.rollouts.get(this.keyOf(app));
    return rollout && this.describe(rollout);
  }

  /** Forgets an application's rollout (when it is deleted). */
  forget(app: SimApplication): void {
    const key = this.keyOf(app);
    this.stopTimer(this.rollouts.get(key));
    this.rollouts.delete(key);
  }

  /** Stops every timer (on shutdown). */
  stopAll(): void {
    for (const rollout of this.rollouts.values()) this.stopTimer(rollout);
  }

  private step(rollout: ActiveRollout): void {
    const steps = STEPS[rollout.request.outcome];
    rollout.stepIndex++;
    const step = steps[rollout.stepIndex];
    rollout.ctx.now = this.now();
    this.state.update(rollout.app, app => step.apply(app, rollout.ctx));
    if (step.after && !rollout.request.manual) {
      rollout.timer = setTimeout(() => {
        rollout.timer = undefined;
        this.step(rollout);
      }, rollout.durations[step.after]);
      rollout.timer.unref();
    }
  }

  private isDone(rollout: ActiveRollout): boolean {
    return rollout.stepIndex >= STEPS[rollout.request.outcome].length - 1;
  }

  private describe(rollout: ActiveRollout): RolloutStatus {
    return {
      application: rollout.app.doc.metadata.name!,
      outcome: rollout.request.outcome,
      phase: STEPS[rollout.request.outcome][rollout.stepIndex].phase,
      done: this.isDone(rollout),
      manual: rollout.request.manual,
      images: rollout.request.images,
      revisions: rollout.ctx.revisions,
    };
  }

  private stopTimer(rollout: ActiveRollout | undefined): void {
    if (rollout?.timer) clearTimeout(rollout.timer);
    if (rollout) rollout.timer = undefined;
  }

  private keyOf(app: SimApplication): string {
    return appKey(app.doc.metadata.namespace!, app.doc.metadata.name!);
  }
}
