import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ArgoCdApplication } from '@argo-pulse/backstage-plugin-common';
import type {
  ApplicationListSnapshot,
  ArgoCdClient,
} from '../argocd/ArgoCdClient';
import { ArgoCdRequestError } from '../argocd/ArgoCdRequestError';
import { describePollFailure } from './pollFailure';
import {
  applicationKeyString,
  ArgoPulseStore,
} from '../database/ArgoPulseStore';
import type { ApplicationKey } from '../database/types';
import type { ArgoPulseMetrics } from '../metrics/argoPulseMetrics';
import { listFingerprint } from './listFingerprint';
import { mapInSlices } from './mapInSlices';
import { OverviewWriter } from './OverviewWriter';

/** What one poll of one instance found and stored. */
export interface PollSummary {
  instance: string;
  listed: number;
  changed: ApplicationKey[];
  removed: ApplicationKey[];
  /** False when the poll ran out of time: what it stored stays, the next poll reads the rest. */
  complete: boolean;
  /** The list's resourceVersion: where a watch of Argo CD's event stream starts. */
  resourceVersion?: string;
  /** Why the list was heavier than asked, shown on the instances page. */
  listWarning?: string;
}

/** The instance's warning when Argo CD (or a proxy before it) answered the projected list whole. */
export function fieldsIgnoredWarning(bytes: number): string {
  const megabytes = bytes / 1024 / 1024;
  return `Argo CD ignored \`fields\`: each poll transfers ${
    megabytes < 10 ? megabytes.toFixed(1) : Math.round(megabytes)
  } MB`;
}

/** Past this many changed applications, one full list is cheaper than a GET each. */
export function bulkThreshold(listed: number): number {
  return Math.max(50, Math.ceil(listed / 10));
}

function keyOf(instance: string, app: ArgoCdApplication): ApplicationKey {
  return {
    instance,
    namespace: app.metadata?.namespace ?? '',
    name: app.metadata?.name ?? '',
  };
}

/**
 * Polls one Argo CD instance, overview first. One projected list finds what
 * changed; the changed applications are read whole (a GET each, or one full
 * list when many changed or nothing is stored yet) and written in batches as
 * they arrive, so a large or slow instance makes progress every cycle and a
 * restart resumes from what is stored. Resource trees and commit metadata
 * follow in their own task (`DetailReader`). The poll's deadline cancels its
 * requests. A failure is recorded as the instance's status, never thrown at
 * the scheduler.
 */
export class InstancePoller {
  /** Set when a full list could not be read in time: this instance is read a GET at a time from then on. */
  private fullListTooSlow = false;

  constructor(
    private readonly options: {
      client: ArgoCdClient;
      store: ArgoPulseStore;
      logger: LoggerService;
      metrics: ArgoPulseMetrics;
      /** The longest one poll may read (`polling.timeout`); what it stored by then stays. */
      timeoutMs: number;
      /** Applications per write; default `OVERVIEW_BATCH`. */
      batchSize?: number;
      /** After each stored batch, with the applications it changed or removed (expectations are evaluated). */
      onChanged?: (keys: ApplicationKey[]) => Promise<void>;
      /** After each poll's outcome is stored. */
      onPolled?: (outcome: { failed: boolean }) => Promise<void>;
      now?: () => Date;
    },
  ) {}

  get instance(): string {
    return this.options.client.instanceName;
  }

  /** One poll; `signal` is the scheduler's, aborted when the task's own timeout passes. */
  async poll(signal?: AbortSignal): Promise<PollSummary> {
    const started = performance.now();
    const requestsBefore = this.options.client.overviewRequestsSent;
    const requests = () =>
      this.options.client.overviewRequestsSent - requestsBefore;
    const deadline = AbortSignal.timeout(this.options.timeoutMs);
    const abort = signal ? AbortSignal.any([signal, deadline]) : deadline;
    const writer = new OverviewWriter({
      instance: this.instance,
      store: this.options.store,
      now: () => this.now(),
      batchSize: this.options.batchSize,
      onWritten: async keys => {
        // What was stored stays stored; a failed evaluation is retried by the sweep.
        await this.options
          .onChanged?.(keys)
          .catch((error: Error) =>
            this.options.logger.warn(
              `Evaluating expectations after a poll failed: ${error.message}`,
            ),
          );
      },
    });
    const summary: PollSummary = {
      instance: this.instance,
      listed: 0,
      changed: writer.written,
      removed: [],
      complete: false,
    };
    try {
      await this.read(abort, writer, summary);
      summary.complete = true;
      await this.options.store.recordPollSuccess({
        instance: this.instance,
        at: this.now(),
        applicationCount: summary.listed,
        durationMs: performance.now() - started,
        requests: requests(),
        listWarning: summary.listWarning,
      });
      this.options.metrics.pollSucceeded(
        this.instance,
        performance.now() - started,
        summary.listed,
      );
      await this.options.onPolled?.({ failed: false });
    } catch (error) {
      const failure = describePollFailure(error, {
        deadlineHit: abort.aborted,
        pollTimeoutMs: this.options.timeoutMs,
        requestTimeoutMs: this.options.client.requestTimeoutMs,
        storedBeforeDeadline: writer.written.length,
      });
      // The log has the whole error (already redacted by the client); users read the short reason.
      const cause = abort.aborted
        ? failure.reason
        : `${failure.reason}: ${(error as Error).message}`;
      this.options.logger.warn(
        `Polling Argo CD instance "${this.instance}" failed: ${cause}`,
      );
      this.options.metrics.pollFailed(
        this.instance,
        performance.now() - started,
      );
      const applicationCount = summary.listed || undefined;
      await this.options.store.recordPollFailure({
        instance: this.instance,
        at: this.now(),
        error: failure,
        durationMs: performance.now() - started,
        applicationCount,
        requests: requests(),
      });
      await this.options.onPolled?.({ failed: true });
    }
    return summary;
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  private async read(
    signal: AbortSignal,
    writer: OverviewWriter,
    summary: PollSummary,
  ): Promise<void> {
    const { client, store } = this.options;
    const known = await store.getFingerprints(this.instance);
    if (known.size === 0 && !this.fullListTooSlow) {
      // Nothing stored yet: one full list reads everything at once.
      await this.withFullList(signal, async ({ items, resourceVersion }) => {
        summary.listed = items.length;
        summary.resourceVersion = resourceVersion;
        await writer.writeAll(
          await mapInSlices(items, app => ({
            app,
            fingerprint: listFingerprint(app, 'whole'),
          })),
          signal,
        );
      });
      return;
    }
    const list = await client.listApplications({ signal });
    if (list.unprojected)
      summary.listWarning = fieldsIgnoredWarning(list.unprojected.bytes);
    summary.listed = list.items.length;
    summary.resourceVersion = list.resourceVersion;
    const listed = new Map(
      list.items.map(item => [
        applicationKeyString(keyOf(this.instance, item)),
        item,
      ]),
    );
    summary.removed = [...known.keys()]
      .filter(id => !listed.has(id))
      .map(id => {
        const [instance, namespace, name] = id.split('/');
        return { instance, namespace, name };
      });
    await writer.remove(summary.removed);
    const changed = (
      await mapInSlices([...listed.entries()], ([id, item]) => ({
        id,
        key: keyOf(this.instance, item),
        fingerprint: listFingerprint(item, 'projected'),
      }))
    ).filter(c => known.get(c.id) !== c.fingerprint);
    if (
      changed.length > bulkThreshold(list.items.length) &&
      !this.fullListTooSlow
    ) {
      const wanted = new Map(changed.map(c => [c.id, c.fingerprint]));
      await this.withFullList(signal, async whole => {
        const items = whole.items.filter(app =>
          wanted.has(applicationKeyString(keyOf(this.instance, app))),
        );
        await writer.writeAll(
          items.map(app => ({
            app,
            fingerprint: wanted.get(
              applicationKeyString(keyOf(this.instance, app)),
            )!,
          })),
          signal,
        );
      });
      return;
    }
    await writer.writeAsRead(
      changed.map(
        c => () =>
          this.getApplication(c.key, signal).then(
            app => app && { app, fingerprint: c.fingerprint },
          ),
      ),
      signal,
    );
  }

  /** Reads the whole-application list and writes what `use` picks of it. */
  private async withFullList(
    signal: AbortSignal,
    use: (list: ApplicationListSnapshot) => Promise<void>,
  ): Promise<void> {
    let requested = false;
    let arrived = false;
    const onRequested = () => (requested = true);
    try {
      await this.options.client.withWholeList({ signal, onRequested }, list => {
        arrived = true;
        return use(list);
      });
    } catch (error) {
      // Out of time while waiting for a place (other instances' lists) or while writing: the list is not to blame.
      if (signal.aborted && requested && !arrived) {
        this.fullListTooSlow = true;
        this.options.logger.warn(
          `The full application list of "${this.instance}" did not arrive within the poll's time; reading one application at a time from now on`,
        );
      }
      throw error;
    }
  }

  /** The whole application behind a changed list entry; undefined if it vanished meanwhile or failed. */
  private async getApplication(
    key: ApplicationKey,
    signal: AbortSignal,
  ): Promise<ArgoCdApplication | undefined> {
    try {
      return await this.options.client.getApplication(
        key.name,
        key.namespace || undefined,
        { signal },
      );
    } catch (error) {
      if (signal.aborted) throw error;
      // 403 means deleted since the list (or no longer visible); anything else
      // leaves the old fingerprint, so the next poll tries again.
      if (!(error instanceof ArgoCdRequestError && error.status === 403)) {
        this.options.logger.warn(
          `Could not read application ${applicationKeyString(key)}: ${
            (error as Error).message
          }`,
        );
      }
      return undefined;
    }
  }
}
