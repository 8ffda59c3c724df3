import type {
  ScenarioApplicationInput,
  ScenarioInstance,
} from './scenario/scenarioSchema';
import { Faults } from './api/Faults';
import { CallLog } from './api/CallLog';
import { RequestCounters } from './api/RequestCounters';
import { SessionStore } from './api/SessionStore';
import { InstanceState } from './model/InstanceState';
import type { PhaseDurations } from './model/lifecycle';
import { RolloutController } from './model/RolloutController';
import type { RolloutRequest, RolloutStatus } from './model/rolloutRequest';
import type { SimApplication } from './model/SimApplication';
import { sha1Hex } from './model/ids';

/** Options every instance of a simulator shares. */
export interface InstanceOptions {
  now: () => Date;
  phaseDurations: PhaseDurations;
}

/** Thrown by the control API's helpers for an application that does not exist. */
export class UnknownApplicationError extends Error {
  constructor(instance: string, name: string) {
    super(`instance "${instance}" has no application "${name}"`);
    this.name = 'UnknownApplicationError';
  }
}

/**
 * One simulated Argo CD: its applications and projects, accounts and
 * sessions, running rollouts, injected faults and request counters.
 */
export class SimulatedInstance {
  readonly name: string;
  readonly state: InstanceState;
  readonly sessions: SessionStore;
  readonly rollouts: RolloutController;
  readonly faults: Faults;
  readonly counters = new RequestCounters();
  /** Write calls (refresh, sync, rollback) received, for tests to assert on. */
  readonly calls = new CallLog();
  /** Open watch streams, so that a test can cut them as a proxy or a restart would. */
  readonly openStreams = new Set<() => void>();

  constructor(scenario: ScenarioInstance, options: InstanceOptions) {
    this.name = scenario.name;
    this.state = new InstanceState(scenario, options.now);
    this.sessions = new SessionStore({
      instance: scenario.name,
      ...scenario.auth,
      now: options.now,
    });
    this.rollouts = new RolloutController(
      this.state,
      options.now,
      options.phaseDurations,
    );
    this.faults = new Faults(parseInt(sha1Hex(scenario.name).slice(0, 8), 16));
  }

  /** An application by name (in the controller's namespace unless given); throws if unknown. */
  application(name: string, namespace?: string): SimApplication {
    const app = this.state.get(name, namespace);
    if (!app) throw new UnknownApplicationError(this.name, name);
    return app;
  }

  /** Rolls new images out to an application (see `RolloutRequest`). */
  rollout(
    name: string,
    request: RolloutRequest,
    namespace?: string,
  ): RolloutStatus {
    return this.rollouts.start(this.application(name, namespace), request);
  }

  /** `kubectl argo rollouts promote` on the application's Rollout (see `RolloutController.promote`). */
  promote(name: string, namespace?: string): RolloutStatus {
    return this.rollouts.promote(this.application(name, namespace));
  }

  /** `kubectl argo rollouts abort` on the application's Rollout (see `RolloutController.abort`). */
  abort(name: string, namespace?: string): RolloutStatus | undefined {
    return this.rollouts.abort(this.application(name, namespace));
  }

  /** Cuts every open watch stream without a word, as a proxy timing out or Argo CD restarting does. */
  dropStreams(): number {
    const count = this.openStreams.size;
    for (const drop of [...this.openStreams]) drop();
    return count;
  }

  createApplication(input: ScenarioApplicationInput): SimApplication {
    return this.state.create(input);
  }

  deleteApplication(name: string, namespace?: string): boolean {
    const app = this.state.get(name, namespace);
    if (app) this.rollouts.forget(app);
    return this.state.delete(name, namespace);
  }

  /**
   * Adds `count` generated applications (for scale tests and benchmarks):
   * `${prefix}-00001`, … in the given project, each with one image. Numbers
   * already taken are skipped, so repeated calls never collide.
   */
  generateApplications(options: {
    count: number;
    prefix?: string;
    project?: string;
  }): string[] {
    const prefix = options.prefix ?? 'synthetic';
    const names: string[] = [];
    for (let n = 1; names.length < options.count; n++) {
      const name = `${prefix}-${String(n).padStart(5, '0')}`;
      if (this.state.get(name)) continue;
      this.state.create({
        name,
        project: options.project ?? 'default',
        labels: { 'argo-pulse.io/synthetic': 'true', team: `team-${n % 20}` },
        destination: { namespace: name },
        sources: [
          {
            repoURL: 'https://git.example.com/platform/deployments.git',
            path: `apps/${name}`,
            targetRevision: 'main',
          },
        ],
        images: [`registry.example.com/${prefix}/${name}:1.0.${n % 50}`],
        historyDepth: 2,
      });
      names.push(name);
    }
    return names;
  }

  /** Stops timers (on shutdown). */
  stop(): void {
    this.rollouts.stopAll();
  }
}
