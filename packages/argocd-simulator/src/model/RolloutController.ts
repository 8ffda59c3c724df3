import { z } from 'zod';
import type {
  ArgoCdApplicationSource,
  ArgoCdOperation,
} from '@argo-pulse/backstage-plugin-common';
import type { InstanceState } from './InstanceState';
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
import { appKey, isAutoSyncEnabled, SimApplication } from './SimApplication';

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
  /** The wait before the next step: a phase's duration, `now` (as soon as the caller has its answer) or none (the end). */
  after: keyof PhaseDurations | 'now' | null;
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
function syncSteps(
  outcome: RolloutOutcome,
  options: { dryRun: boolean; podsRoll: boolean },
): Step[] {
  const head = [REQUESTED, SYNCING];
  if (options.dryRun)
    return [
      ...head,
      { phase: 'succeeded', apply: dryRunSucceeds, after: null },
    ];
  if (outcome === 'sync-failed' || outcome === 'sync-error')
    return [...head, ...STEPS[outcome].slice(2)];
  if (outcome === 'degraded') return [...head, ...STEPS.degraded.slice(2)];
  return options.podsRoll
    ? [...head, ...STEPS.success.slice(2)]
    : [...head, { phase: 'synced', apply: syncSucceeds, after: null }];
}

/** A sync (or rollback) asked for through the API, its revisions and images resolved. */
export interface SyncRun {
  /** The operation as Argo CD's API server sets it on the Application. */
  operation: ArgoCdOperation;
  /** The revisions it deploys, one per source. */
  revisions: string[];
  /** The images the manifests at those revisions ask for. */
  images: string[];
  /** The sources it deploys when not the spec's (a rollback). */
  sources?: ArgoCdApplicationSource[];
  dryRun: boolean;
  /** Selected resources only (no history entry). */
  partial: boolean;
  /** How it ends; by default the outcome of the rollout waiting for this sync, else success. */
  outcome?: RolloutOutcome;
}

/** Where a rollout stands. */
export interface RolloutStatus {
  application: string;
  outcome: RolloutOutcome;
  phase: string;
  done: boolean;
  manual: boolean;
  images: string[];
  revisions: string[];
  /** For a hydrated application: the dry commit rolled out (`revisions` holds the hydrated one). */
  dryRevision?: string;
}

interface ActiveRollout {
  app: SimApplication;
  request: z.output<typeof rolloutRequestSchema>;
  steps: Step[];
  ctx: RolloutContext;
  durations: PhaseDurations;
  stepIndex: number;
  timer?: NodeJS.Timeout;
}

/**
 * Drives rollouts through Argo CD's lifecycle, on timers or step by step.
 * A new rollout to an application replaces one still running there. An
 * application without auto-sync stops OutOfSync after the commit lands; a
 * sync through the API (`sync`) goes on from there with the rollout's outcome.
 */
export class RolloutController {
  private readonly rollouts = new Map<string, ActiveRollout>();
  /** Outcomes of rollouts waiting for someone to sync (apps without auto-sync). */
  private readonly awaitingSync = new Map<
    string,
    { outcome: RolloutOutcome; failureMessage?: string }
  >();

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
    const autoSync = isAutoSyncEnabled(app);
    if (autoSync) this.awaitingSync.delete(key);
    else
      this.awaitingSync.set(key, {
        outcome: request.outcome,
        failureMessage: request.failureMessage,
      });
    const rollout: ActiveRollout = {
      app,
      request,
      steps: autoSync
        ? STEPS[request.outcome]
        : [{ ...STEPS[request.outcome][0], after: null }],
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

  /**
   * Runs a sync asked for through the API: `operation` is set at once, the controller picks it
   * up as soon as the caller has its answer, then the phases of a rollout follow.
   */
  sync(app: SimApplication, run: SyncRun): RolloutStatus {
    const key = this.keyOf(app);
    this.stopTimer(this.rollouts.get(key));
    const awaiting = this.awaitingSync.get(key);
    this.awaitingSync.delete(key);
    const outcome = run.outcome ?? awaiting?.outcome ?? 'success';
    const changed = run.images.filter(i => !app.desiredImages.includes(i));
    const request = rolloutRequestSchema.parse({
      images: run.images,
      outcome,
      failureMessage: awaiting?.failureMessage,
    });
    const podsRoll =
      changed.length > 0 || app.doc.status.health?.status === 'Progressing';
    const rollout: ActiveRollout = {
      app,
      request,
      steps: syncSteps(outcome, { dryRun: run.dryRun, podsRoll }),
      durations: { ...this.defaultDurations },
      stepIndex: -1,
      ctx: {
        instance: this.state.name,
        images: changed,
        revisions: run.revisions,
        previousImages: [...(app.doc.status.summary?.images ?? [])],
        failureMessage: awaiting?.failureMessage,
        operation: run.operation,
        sources: run.sources,
        dryRun: run.dryRun,
        partial: run.partial,
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
    this.awaitingSync.delete(key);
  }

  /** Stops every timer (on shutdown). */
  stopAll(): void {
    for (const rollout of this.rollouts.values()) this.stopTimer(rollout);
  }

  private step(rollout: ActiveRollout): void {
    rollout.stepIndex++;
    const step = rollout.steps[rollout.stepIndex];
    rollout.ctx.now = this.now();
    this.state.update(rollout.app, app => step.apply(app, rollout.ctx));
    if (step.after === 'now') {
      // After the caller's synchronous code (the API's answer), unless replaced or advanced.
      const index = rollout.stepIndex;
      queueMicrotask(() => {
        const current = this.rollouts.get(this.keyOf(rollout.app));
        if (current === rollout && rollout.stepIndex === index)
          this.step(rollout);
      });
    } else if (step.after && !rollout.request.manual) {
      rollout.timer = setTimeout(() => {
        rollout.timer = undefined;
        this.step(rollout);
      }, rollout.durations[step.after]);
      rollout.timer.unref();
    }
  }

  private isDone(rollout: ActiveRollout): boolean {
    return rollout.stepIndex >= rollout.steps.length - 1;
  }

  private describe(rollout: ActiveRollout): RolloutStatus {
    return {
      application: rollout.app.doc.metadata.name!,
      outcome: rollout.request.outcome,
      phase: rollout.steps[rollout.stepIndex].phase,
      done: this.isDone(rollout),
      manual: rollout.request.manual,
      images: rollout.request.images,
      revisions: rollout.ctx.revisions,
      ...(rollout.ctx.dryRevision
        ? { dryRevision: rollout.ctx.dryRevision }
        : {}),
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
