import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EventsService } from '@backstage/plugin-events-node';
import {
  ArgoPulseExpectation,
  ExpectationFailureReason,
  imageRepositoryKey,
  imageSatisfies,
  parseImageReference,
  tryParseImageReference,
} from '@argo-pulse/backstage-plugin-common';
import type {
  ArgoCdInstanceConfig,
  ExpectationsConfig,
} from '../config/readArgoPulseConfig';
import {
  applicationKeyString,
  ArgoPulseStore,
} from '../database/ArgoPulseStore';
import { deploymentEventKey } from '../database/deploymentIdentity';
import type { ApplicationKey, ApplicationSnapshot } from '../database/types';
import type { ArgoPulseMetrics } from '../metrics/argoPulseMetrics';
import {
  evaluateExpectation,
  UnreachableInstance,
} from './evaluateExpectation';
import type { ExpectationStore } from './ExpectationStore';
import { observe, presentExpectation } from './presentExpectation';
import type {
  AwaitedApplications,
  ExpectationProgress,
  ExpectationRecord,
  ExpectationResolution,
} from './types';
import { resolveEntityApplications } from '../entities/resolveEntityApplications';

/**
 * The events topic on which the backend publishes every expectation that
 * resolves (deployed, failed, superseded or cancelled), with the expectation
 * (`ArgoPulseExpectation`) as the event payload.
 *
 * @public
 */
export const EXPECTATION_EVENT_TOPIC = 'argo-pulse.expectation';

/** How long after a failed evaluation it is tried again. */
const EVALUATION_RETRY_MS = 30_000;

/** Repositories (registry/repository) of normalized image references. */
const repositoriesOf = (images: string[]) =>
  new Set(images.map(i => imageRepositoryKey(parseImageReference(i))));

/** Whether two expectations expect a common repository. */
function shareRepository(a: ExpectationRecord, b: ExpectationRecord): boolean {
  const repositories = repositoriesOf(a.images);
  return [...repositoriesOf(b.images)].some(r => repositories.has(r));
}

/** Whether `a` was stored after `b`, in the database's order (the posting clock only for records older than that order). */
function storedAfter(a: ExpectationRecord, b: ExpectationRecord): boolean {
  if (a.sequence !== undefined || b.sequence !== undefined)
    return (a.sequence ?? 0) > (b.sequence ?? 0);
  return a.createdAt > b.createdAt;
}

/** Whether `newer` replaces `older`: stored later, for a shared application and repository. */
function supersedes(
  newer: ExpectationRecord,
  older: ExpectationRecord,
): boolean {
  if (newer.id === older.id || !storedAfter(newer, older)) return false;
  const apps = new Set(older.targets.map(applicationKeyString));
  return (
    newer.targets.some(t => apps.has(applicationKeyString(t))) &&
    shareRepository(newer, older)
  );
}

/**
 * Keeps expectations moving: stores new ones (superseding older ones for
 * the same repository and application), evaluates pending ones against the
 * stored snapshots, and resolves each exactly once, announcing it on the
 * events service.
 */
export class ExpectationService {
  private readonly listeners = new Set<() => void>();
  private readonly resolutionListeners = new Set<
    (record: ExpectationRecord) => void
  >();

  constructor(
    private readonly options: {
      store: ExpectationStore;
      applications: ArgoPulseStore;
      config: ExpectationsConfig;
      instances: Map<string, ArgoCdInstanceConfig>;
      logger: LoggerService;
      metrics: ArgoPulseMetrics;
      events?: EventsService;
      /** After an expectation was stored, re-evaluated with a new result, or resolved: pages showing it re-read it. */
      onChange?: (record: ExpectationRecord) => Promise<void>;
      now?: () => Date;
    },
  ) {}

  /** Called whenever pending expectations or their next checks may have changed. */
  onScheduleChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  /**
   * Called with each expectation this replica resolves, at once (a waiting
   * caller need not poll the store for them). Returns the unsubscribe.
   */
  onResolved(listener: (record: ExpectationRecord) => void): () => void {
    this.resolutionListeners.add(listener);
    return () => this.resolutionListeners.delete(listener);
  }

  /** The expectation as a caller reads it; Argo CD's messages only `withDetail` (see `presentExpectation`). */
  present(
    record: ExpectationRecord,
    options: { withDetail: boolean },
  ): ArgoPulseExpectation {
    return presentExpectation(record, this.options.instances, options);
  }

  /** Stores a new expectation, then evaluates it at once against what is known. */
  async create(
    posted: ExpectationRecord,
  ): Promise<{ record: ExpectationRecord; created: boolean }> {
    const record = {
      ...posted,
      progress: {
        ...(await this.seenAtPost(posted.targets)),
        ...posted.progress,
      },
    };
    // The store stores posts one at a time, on every replica, and hands over
    // the pending ones sharing an application: stored before, they give way.
    const outcome = await this.options.store.insert(record, {
      supersedes: older => shareRepository(record, older),
    });
    if (outcome.kind === 'existing')
      return { record: outcome.record, created: false };
    await Promise.all(outcome.superseded.map(s => this.announce(s)));
    await this.evaluate([outcome.record]);
    const stored = (await this.options.store.get(record.id)) ?? record;
    if (stored.state === 'pending') await this.options.onChange?.(stored); // a resolution was announced already
    return { record: stored, created: true };
  }

  /**
   * Each known target's last operation as stored now, at the post: later
   * evaluations tell Argo CD's newer operations from it without comparing
   * clocks. Targets not known yet get none: everything they do is new.
   */
  private async seenAtPost(
    targets: ApplicationKey[],
  ): Promise<ExpectationProgress> {
    const stored = await this.options.applications.getApplications(targets);
    return Object.fromEntries(
      stored.map(({ snapshot }) => [
        applicationKeyString(snapshot),
        {
          seenAtPost: {
            operationStartedAt: snapshot.operation?.startedAt ?? null,
          },
        },
      ]),
    );
  }

  /**
   * Stores an expectation that cannot be met, already failed: for clients
   * that are given a task id either way and learn the outcome by reading it
   * (argo-watcher's, for an application in no instance).
   */
  async createFailed(
    record: ExpectationRecord,
    failure: { reason: ExpectationFailureReason; message: string },
  ): Promise<ExpectationRecord> {
    const outcome = await this.options.store.insert(record, {
      supersedes: () => false,
    });
    if (outcome.kind === 'existing') return outcome.record;
    return (
      (await this.finish(record.id, { state: 'failed', ...failure }, {})) ??
      outcome.record
    );
  }

  /** Cancels a pending expectation; undefined when it was no longer pending. */
  async cancel(
    id: string,
    by: string | undefined,
  ): Promise<ExpectationRecord | undefined> {
    const resolution: ExpectationResolution = {
      state: 'cancelled',
      message: by ? `Cancelled by ${by}` : 'Cancelled',
    };
    return this.finish(id, resolution, {});
  }

  /** After a poll: re-evaluates the pending expectations of the applications that changed. */
  async evaluateApplications(keys: ApplicationKey[]): Promise<void> {
    if (keys.length === 0) return;
    // Those still waiting for their applications to appear may find them among these.
    const [targeting, awaiting] = await Promise.all([
      this.options.store.listPendingFor(keys),
      this.options.store.listAwaiting(),
    ]);
    await this.evaluate([
      ...targeting,
      ...awaiting.filter(a => !targeting.some(t => t.id === a.id)),
    ]);
  }

  /** After an instance became unreachable or reachable again: re-evaluates the pending expectations on it. */
  async evaluateInstance(instance: string): Promise<void> {
    const pending = await this.options.store.listPending();
    await this.evaluate(
      pending.filter(record =>
        record.targets.some(target => target.instance === instance),
      ),
    );
  }

  /** Evaluates the expectations whose deadline or grace period is due. */
  async evaluateDue(): Promise<void> {
    await this.evaluate(
      await this.options.store.listDue(this.now().toISOString()),
    );
  }

  /**
   * Evaluates every pending expectation: the periodic safety net for an
   * evaluation lost after a poll (a crash between the write and the
   * evaluation, a database error), which no later poll would redo because
   * it sees no change.
   */
  async evaluatePending(): Promise<void> {
    await this.evaluate(await this.options.store.listPending());
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private async evaluate(all: ExpectationRecord[]): Promise<void> {
    const records = await this.withTargetsFound(all);
    if (records.length === 0) {
      if (all.length) this.listeners.forEach(listener => listener());
      return;
    }
    const keys = uniqueKeys(records.flatMap(r => r.targets));
    const [stored, statuses] = await Promise.all([
      this.options.applications.getApplications(keys),
      this.options.applications.getInstanceStatuses(),
    ]);
    const snapshots = new Map(
      stored.map(a => [applicationKeyString(a.snapshot), a.snapshot]),
    );
    const unreachable = new Map(
      statuses.flatMap(s =>
        s.lastError
          ? [
              [
                s.instance,
                { lastSuccessAt: s.lastSuccessAt, error: s.lastError },
              ] as const,
            ]
          : [],
      ),
    );
    // Expectations that waited for their applications to appear got their
    // targets after they were stored: the one stored later still wins here.
    const pending = await this.options.store.listPendingFor(keys);
    for (const record of records) {
      try {
        const newer = pending.find(other => supersedes(other, record));
        if (newer)
          await this.finish(
            record.id,
            {
              state: 'superseded',
              supersededBy: newer.id,
              message: `Superseded by expectation ${newer.id}`,
            },
            {},
          );
        else await this.evaluateOne(record, snapshots, unreachable);
      } catch (error) {
        // One bad record must not stop the others. It is tried again after a
        // pause, not at once: a persistent fault must not spin the timer.
        this.options.logger.error(
          `Could not evaluate expectation ${record.id}: ${
            (error as Error).message
          }`,
        );
        const retryAt = new Date(
          this.now().getTime() + EVALUATION_RETRY_MS,
        ).toISOString();
        await this.options.store
          .updatePending(record.id, {
            progress: record.progress,
            waitingFor: record.waitingFor ?? [],
            nextCheckAt: retryAt,
            evaluatedAt: this.now().toISOString(),
          })
          .catch(() => undefined);
      }
    }
    this.listeners.forEach(listener => listener());
  }

  private async evaluateOne(
    record: ExpectationRecord,
    snapshots: Map<string, ApplicationSnapshot>,
    unreachable: Map<string, UnreachableInstance>,
  ): Promise<void> {
    const { config, store } = this.options;
    const now = this.now();
    const result = evaluateExpectation({
      expectation: record,
      applications: snapshots,
      unreachable,
      now,
      settings: config,
    });
    if (result.state === 'pending') {
      // Nothing new (the minute sweep, mostly): no write, no row lock.
      const unchanged =
        JSON.stringify(result.progress) === JSON.stringify(record.progress) &&
        JSON.stringify(result.waitingFor) ===
          JSON.stringify(record.waitingFor ?? []) &&
        result.nextCheckAt === record.nextCheckAt;
      if (!unchanged) {
        await store.updatePending(record.id, {
          progress: result.progress,
          waitingFor: result.waitingFor,
          nextCheckAt: result.nextCheckAt,
          evaluatedAt: now.toISOString(),
        });
        // What it waits for is on the page; a new expectation (never evaluated) is signalled once by `create`.
        const shownChanged =
          record.waitingFor !== undefined &&
          JSON.stringify(result.waitingFor) !==
            JSON.stringify(record.waitingFor);
        if (shownChanged) await this.options.onChange?.(record);
      }
      return;
    }
    const observed = record.targets.map(key =>
      observe(key, snapshots.get(applicationKeyString(key))),
    );
    const resolution: ExpectationResolution =
      result.state === 'deployed'
        ? {
            state: 'deployed',
            deployments: await this.fulfillingDeployments(record),
          }
        : { state: 'failed', reason: result.reason, message: result.message };
    await this.finish(record.id, resolution, {
      progress: result.progress,
      observed,
    });
  }

  /**
   * The records ready to evaluate: those with targets, and those awaiting
   * applications that are now in the store (given their targets here). The
   * others wait on, until `appMissingGrace` after the post (or the deadline,
   * if sooner), then fail `app-not-found`.
   */
  private async withTargetsFound(
    records: ExpectationRecord[],
  ): Promise<ExpectationRecord[]> {
    const ready: ExpectationRecord[] = [];
    for (const record of records) {
      if (!record.awaiting) {
        ready.push(record);
        continue;
      }
      const found = await resolveEntityApplications({
        store: this.options.applications,
        target: record.awaiting.target,
        configuredInstances: [...this.options.instances.keys()],
      });
      const targets = found.applications.map(
        ({ instance, namespace, name }) => ({ instance, namespace, name }),
      );
      if (targets.length) {
        if (await this.options.store.setTargets(record.id, targets))
          ready.push({ ...record, targets, awaiting: undefined });
        continue;
      }
      await this.stillAwaiting(record, record.awaiting);
    }
    return ready;
  }

  private async stillAwaiting(
    record: ExpectationRecord,
    awaiting: AwaitedApplications,
  ): Promise<void> {
    const now = this.now();
    const giveUpAt = Math.min(
      Date.parse(record.createdAt) + this.options.config.appMissingGraceMs,
      Date.parse(record.deadlineAt),
    );
    if (now.getTime() >= giveUpAt) {
      await this.finish(
        record.id,
        {
          state: 'failed',
          reason: 'app-not-found',
          message: `${awaiting.description}: not in Argo CD (looked for since ${record.createdAt})`,
        },
        {},
      );
      return;
    }
    const waitingFor = [`${awaiting.description}: not in Argo CD yet`];
    if (JSON.stringify(waitingFor) === JSON.stringify(record.waitingFor ?? []))
      return;
    await this.options.store.updatePending(record.id, {
      progress: record.progress,
      waitingFor,
      nextCheckAt: new Date(giveUpAt).toISOString(),
      evaluatedAt: now.toISOString(),
    });
    if (record.waitingFor !== undefined) await this.options.onChange?.(record);
  }

  /** The newest history entry of each target that runs one of the expected images. */
  private async fulfillingDeployments(record: ExpectationRecord) {
    const expected = record.images.map(i => parseImageReference(i));
    const links = [];
    for (const key of record.targets) {
      // The newest few: a failed operation after the deployment is history too, and runs nothing.
      const { items } = await this.options.applications.getDeployments([key], {
        limit: 5,
        offset: 0,
      });
      const latest = items.find(deployment =>
        deployment.images.some(image => {
          const running = tryParseImageReference(image);
          return (
            running !== undefined &&
            expected.some(e => imageSatisfies(e, running))
          );
        }),
      );
      if (latest) {
        links.push({
          instance: latest.instance,
          namespace: latest.namespace,
          application: latest.application,
          deploymentId: deploymentEventKey(latest),
          ...(latest.historyId !== undefined
            ? { historyId: latest.historyId }
            : {}),
          ...(latest.startedAt
            ? {
                syncSeconds: Math.max(
                  0,
                  Math.round(
                    (Date.parse(latest.finishedAt) -
                      Date.parse(latest.startedAt)) /
                      1000,
                  ),
                ),
              }
            : {}),
        });
      }
    }
    return links;
  }

  private async finish(
    id: string,
    resolution: ExpectationResolution,
    extra: {
      progress?: ExpectationRecord['progress'];
      observed?: ExpectationRecord['observed'];
    },
  ): Promise<ExpectationRecord | undefined> {
    const resolved = await this.options.store.resolve(id, {
      ...resolution,
      ...extra,
      resolvedAt: this.now().toISOString(),
    });
    if (resolved) await this.announce(resolved);
    return resolved;
  }

  /** Metrics, a log line, a change signal and an event, once per resolution. */
  private async announce(record: ExpectationRecord): Promise<void> {
    const { metrics, logger, events } = this.options;
    for (const listener of this.resolutionListeners) listener(record);
    await this.options.onChange?.(record);
    metrics.expectationResolved({
      state: record.state,
      reason: record.reason,
      createdAt: record.createdAt,
      resolvedAt: record.resolvedAt ?? record.createdAt,
    });
    logger.info(
      `Expectation ${record.id}${
        record.entityRef ? ` for ${record.entityRef}` : ''
      } is ${record.state}${record.reason ? ` (${record.reason})` : ''}`,
    );
    try {
      // Subscribers are backend modules (the owners' failure notification): they get the whole verdict.
      await events?.publish({
        topic: EXPECTATION_EVENT_TOPIC,
        eventPayload: this.present(record, { withDetail: true }),
      });
    } catch (error) {
      logger.warn(
        `Could not publish the resolution of expectation ${record.id}: ${
          (error as Error).message
        }`,
      );
    }
  }
}

function uniqueKeys(keys: ApplicationKey[]): ApplicationKey[] {
  return [...new Map(keys.map(k => [applicationKeyString(k), k])).values()];
}
