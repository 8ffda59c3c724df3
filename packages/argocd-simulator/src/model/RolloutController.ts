import type { z } from 'zod';
import { ABORTED, AnalysisOutcome } from './argoRollouts/rolloutLifecycle';
import {
  describeArgoRollout,
  RolloutConflictError,
  summarizeRollout,
} from './argoRollouts/rolloutSummary';
import { isUpdating } from './argoRollouts/SimRollout';
import type { InstanceState } from './InstanceState';
import {
  DEFAULT_PHASE_DURATIONS,
  PhaseDurations,
  RolloutOutcome,
  Step,
  stepsFor,
  syncSteps,
  Wait,
} from './lifecycle';
import {
  RolloutRequest,
  rolloutRequestSchema,
  RolloutStatus,
  SyncRun,
} from './rolloutRequest';
import type { RolloutContext } from './rolloutSteps';
import { appKey, isAutoSyncEnabled, SimApplication } from './SimApplication';

interface ActiveRollout {
  app: SimApplication;
  request: z.output<typeof rolloutRequestSchema>;
  steps: Step[];
  ctx: RolloutContext;
  durations: PhaseDurations;
  stepIndex: number;
  /** The application's Rollout walks its steps (its sync has succeeded). */
  walking?: boolean;
  timer?: NodeJS.Timeout;
}

/**
 * Drives rollouts through Argo CD's lifecycle, on timers or step by step.
 * A new rollout to an application replaces one still running there. An
 * application without auto-sync stops OutOfSync after the commit lands; a
 * sync through the API (`sync`) goes on from there with the rollout's outcome.
 * An application that runs an Argo Rollouts Rollout then walks its strategy,
 * which `promote` and `abort` steer as `kubectl argo rollouts` does.
 */
export class RolloutController {
  private readonly rollouts = new Map<string, ActiveRollout>();
  /** Outcomes of rollouts waiting for someone to sync (apps without auto-sync). */
  private readonly awaitingSync = new Map<
    string,
    {
      outcome: RolloutOutcome;
      failureMessage?: string;
      analysis: AnalysisOutcome;
    }
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
        analysis: request.analysis,
      });
    const steps = stepsFor(app, request.outcome, request.analysis);
    const rollout: ActiveRollout = {
      app,
      request,
      steps: autoSync ? steps : [{ ...steps[0], after: null }],
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
      analysis: awaiting?.analysis,
    });
    const podsRoll =
      changed.length > 0 || app.doc.status.health?.status === 'Progressing';
    const rollout: ActiveRollout = {
      app,
      request,
      steps: syncSteps(app, outcome, {
        dryRun: run.dryRun,
        podsRoll,
        analysis: request.analysis,
      }),
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

  /**
   * Applies the next step of a manual (or timed) rollout now. A Rollout paused until
   * promoted is refused: that takes `promote`.
   */
  advance(app: SimApplication): RolloutStatus | undefined {
    const rollout = this.rollouts.get(this.keyOf(app));
    if (!rollout) return undefined;
    if (this.describe(rollout).rollout?.awaitingPromotion)
      throw new RolloutConflictError(
        `Rollout "${app.rollout!.name}" is paused until promoted (${
          app.rollout!.pause?.reason
        }): promote it instead`,
      );
    if (!this.isDone(rollout)) {
      this.stopTimer(rollout);
      this.step(rollout);
    }
    return this.describe(rollout);
  }

  /**
   * `kubectl argo rollouts promote`: a paused Rollout (a canary pause step, timed or not, an
   * inconclusive analysis, a blue-green preview) goes on with its next step.
   */
  promote(app: SimApplication): RolloutStatus {
    const rollout = this.rollouts.get(this.keyOf(app));
    const argoRollout = this.rolloutOf(app);
    if (!argoRollout.pause || !rollout?.walking || this.isDone(rollout))
      throw new RolloutConflictError(
        `Rollout "${
          argoRollout.name
        }" is not paused: nothing to promote (${describeArgoRollout(app)})`,
      );
    this.stopTimer(rollout);
    this.step(rollout);
    return this.describe(rollout);
  }

  /**
   * `kubectl argo rollouts abort`: traffic goes back to the stable version and the update's
   * pods are scaled down; the Rollout is Degraded until the next update.
   */
  abort(app: SimApplication): RolloutStatus | undefined {
    const rollout = this.rollouts.get(this.keyOf(app));
    const argoRollout = this.rolloutOf(app);
    if (!isUpdating(argoRollout) || argoRollout.abort)
      throw new RolloutConflictError(
        `Rollout "${
          argoRollout.name
        }" has no update in progress: nothing to abort (${describeArgoRollout(
          app,
        )})`,
      );
    if (rollout?.walking && !this.isDone(rollout)) {
      this.stopTimer(rollout);
      rollout.steps = [
        ...rollout.steps.slice(0, rollout.stepIndex + 1),
        ABORTED,
      ];
      this.step(rollout);
    } else {
      // Between a new commit and its sync, the Rollout still runs the last update: abort that.
      const ctx = { ...rollout?.ctx, now: this.now() } as RolloutContext;
      this.state.update(app, target => ABORTED.apply(target, ctx));
    }
    return rollout && this.describe(rollout);
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

  private rolloutOf(app: SimApplication) {
    if (!app.rollout)
      throw new RolloutConflictError(
        `application "${app.doc.metadata.name}" runs no Rollout (its workloads are Deployments)`,
      );
    return app.rollout;
  }

  private step(rollout: ActiveRollout): void {
    rollout.stepIndex++;
    const step = rollout.steps[rollout.stepIndex];
    rollout.ctx.now = this.now();
    this.state.update(rollout.app, app => step.apply(app, rollout.ctx));
    if (step.continueWith) {
      rollout.walking = true;
      rollout.steps = [
        ...rollout.steps.slice(0, rollout.stepIndex + 1),
        ...step.continueWith(rollout.app),
      ];
    }
    if (this.isDone(rollout)) return;
    if (step.after === 'now') {
      // After the caller's synchronous code (the API's answer), unless replaced or advanced.
      const index = rollout.stepIndex;
      queueMicrotask(() => {
        const current = this.rollouts.get(this.keyOf(rollout.app));
        if (current === rollout && rollout.stepIndex === index)
          this.step(rollout);
      });
    } else if (
      step.after &&
      step.after !== 'promotion' &&
      !rollout.request.manual
    ) {
      rollout.timer = setTimeout(() => {
        rollout.timer = undefined;
        this.step(rollout);
      }, this.waitMs(rollout, step.after));
      rollout.timer.unref();
    }
  }

  private waitMs(rollout: ActiveRollout, wait: Exclude<Wait, null>): number {
    if (typeof wait === 'object') return wait.ms;
    return wait === 'now' || wait === 'promotion' ? 0 : rollout.durations[wait];
  }

  private isDone(rollout: ActiveRollout): boolean {
    return rollout.stepIndex >= rollout.steps.length - 1;
  }

  private describe(rollout: ActiveRollout): RolloutStatus {
    const step = rollout.steps[rollout.stepIndex];
    const { app } = rollout;
    return {
      application: app.doc.metadata.name!,
      outcome: rollout.request.outcome,
      phase: step.phase,
      done: this.isDone(rollout),
      manual: rollout.request.manual,
      images: rollout.request.images,
      revisions: rollout.ctx.revisions,
      ...(rollout.ctx.dryRevision
        ? { dryRevision: rollout.ctx.dryRevision }
        : {}),
      ...(app.rollout
        ? {
            rollout: summarizeRollout(
              app,
              !!rollout.walking &&
                step.after === 'promotion' &&
                !this.isDone(rollout),
            ),
          }
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
