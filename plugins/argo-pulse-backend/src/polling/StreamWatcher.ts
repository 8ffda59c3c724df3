import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ArgoCdApplication } from '@argo-pulse/backstage-plugin-common';
import { randomUUID } from 'node:crypto';
import type { ArgoCdClient } from '../argocd/ArgoCdClient';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import type { Leases } from '../database/DatabaseLeases';
import type { ApplicationKey } from '../database/types';
import type { InstancePoller } from './InstancePoller';
import { listFingerprint } from './listFingerprint';
import { OverviewWriter } from './OverviewWriter';

/** Timings of a watcher; the defaults suit production, tests shorten them. */
export interface StreamTimings {
  /** How long a lease lasts unless renewed: how soon another replica takes over from a dead one. */
  leaseTtlMs: number;
  /** Events are gathered this long, then written together. */
  flushMs: number;
  /** No line at all for this long means a dead connection: twice Argo CD's keepalive interval (15 s). */
  idleMs: number;
  /** The longest pause between attempts after failures (it doubles from one second). */
  maxBackoffMs: number;
}

const DEFAULT_TIMINGS: StreamTimings = {
  leaseTtlMs: 10_000,
  flushMs: 200,
  idleMs: 30_000,
  maxBackoffMs: 60_000,
};

const keyOf = (instance: string, app: ArgoCdApplication): ApplicationKey => ({
  instance,
  namespace: app.metadata?.namespace ?? '',
  name: app.metadata?.name ?? '',
});

/**
 * Stream mode for one instance: on the one backend replica that holds the
 * instance's lease, lists (through the poller, which also catches up on
 * anything missed) and then watches Argo CD's event stream from the list's
 * resourceVersion, writing changes within a fraction of a second. After a
 * disconnect it lists again before it watches again, since events can be
 * lost. While the stream keeps failing it retries with growing pauses; the
 * scheduled polls go on meanwhile, so the instance is never left unwatched.
 */
export class StreamWatcher {
  private readonly holder = randomUUID();
  private readonly timings: StreamTimings;
  private readonly stopping = new AbortController();
  private running?: Promise<void>;
  /** Whether a silent stream is on record for the instances page, to clear once one works again. */
  private silenceRecorded = false;

  constructor(
    private readonly options: {
      client: ArgoCdClient;
      poller: InstancePoller;
      store: ArgoPulseStore;
      leases: Leases;
      logger: LoggerService;
      onChanged?: (keys: ApplicationKey[]) => Promise<void>;
      timings?: Partial<StreamTimings>;
    },
  ) {
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
  }

  private get lease(): string {
    return `stream:${this.options.client.instanceName}`;
  }

  start(): void {
    this.running ??= this.loop();
  }

  /**
   * Stops watching and gives the lease up, so another replica takes over at
   * once. With `handOver: false` the lease is kept until it expires, as when
   * a replica dies.
   */
  async stop(options: { handOver?: boolean } = {}): Promise<void> {
    this.stopping.abort();
    await this.running;
    if (options.handOver !== false)
      await this.options.leases
        .release(this.lease, this.holder)
        .catch(() => {});
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopping.signal.aborted) {
      let held = false;
      try {
        held = await this.options.leases.tryAcquire(
          this.lease,
          this.holder,
          this.timings.leaseTtlMs,
        );
        if (held) {
          await this.watchWhileHeld();
          failures = 0;
        }
      } catch (error) {
        failures++;
        this.options.logger.warn(
          `The event stream of "${
            this.options.client.instanceName
          }" failed (${failures} in a row): ${(error as Error).message}`,
        );
      }
      const backoff = failures
        ? Math.min(this.timings.maxBackoffMs, 1000 * 2 ** (failures - 1))
        : 0;
      // Not the holder: ask again well before the holder's lease could expire. The holder's
      // stream ended: list and watch again after a short pause.
      await this.pause(
        Math.max(
          backoff,
          held
            ? Math.min(1000, this.timings.leaseTtlMs / 3)
            : this.timings.leaseTtlMs / 3,
        ),
      );
    }
  }

  /** One connection: list, then apply events until the stream ends, the lease is lost or the watcher stops. */
  private async watchWhileHeld(): Promise<void> {
    const connection = new AbortController();
    const signal = AbortSignal.any([this.stopping.signal, connection.signal]);
    let lastActivity = Date.now();
    let silent = false;
    const renew = setInterval(async () => {
      const stillHeld = await this.options.leases
        .tryAcquire(this.lease, this.holder, this.timings.leaseTtlMs)
        .catch(() => false);
      silent = Date.now() - lastActivity > this.timings.idleMs;
      if (!stillHeld || silent) connection.abort();
    }, this.timings.leaseTtlMs / 3);
    const pending = new Map<string, { type: string; app: ArgoCdApplication }>();
    const writer = new OverviewWriter({
      instance: this.options.client.instanceName,
      store: this.options.store,
      now: () => new Date().toISOString(),
      onWritten: keys =>
        this.options
          .onChanged?.(keys)
          .catch(error =>
            this.options.logger.warn(
              `Evaluating expectations after a stream event failed: ${error.message}`,
            ),
          ) ?? Promise.resolve(),
    });
    const write = async () => {
      const events = [...pending.values()];
      pending.clear();
      const instance = this.options.client.instanceName;
      await writer.remove(
        events
          .filter(e => e.type === 'DELETED')
          .map(e => keyOf(instance, e.app)),
      );
      await writer.writeAll(
        events
          .filter(e => e.type !== 'DELETED')
          .map(e => ({
            app: e.app,
            fingerprint: listFingerprint(e.app, 'whole'),
          })),
        new AbortController().signal, // a write that started is never cut short
      );
    };
    // One write at a time, in order: a later event must never be overwritten by an earlier one.
    let writing = Promise.resolve();
    const flush = () => {
      writing = writing
        .then(write)
        .catch(error =>
          this.options.logger.warn(
            `Writing stream events failed: ${error.message}`,
          ),
        );
      return writing;
    };
    const flusher = setInterval(() => void flush(), this.timings.flushMs);
    try {
      const listed = await this.options.poller.poll(signal);
      if (!listed.complete)
        throw new Error('the list before the stream did not complete');
      const events = this.options.client.watchApplications({
        resourceVersion: listed.resourceVersion,
        signal,
        onActivity: () => {
          lastActivity = Date.now();
          if (this.silenceRecorded) void this.recordSilence(false);
        },
      });
      for await (const event of events) {
        if (!event.application) continue;
        pending.set(
          `${event.application.metadata?.namespace}/${event.application.metadata?.name}`,
          { type: event.type ?? 'MODIFIED', app: event.application },
        );
      }
    } finally {
      clearInterval(renew);
      clearInterval(flusher);
      await flush();
    }
    if (silent && !this.stopping.signal.aborted) await this.recordSilence(true);
  }

  /** Puts a silent stream on the instances page (it is opened again at once), or takes it off. */
  private async recordSilence(silent: boolean): Promise<void> {
    this.silenceRecorded = silent;
    const seconds = Math.round(this.timings.idleMs / 1000);
    const warning = silent
      ? `The event stream went silent (no event or keepalive for ${seconds} s) and was opened again`
      : undefined;
    if (warning)
      this.options.logger.warn(
        `Argo CD instance "${this.options.client.instanceName}": ${warning}`,
      );
    await this.options.store
      .recordStreamWarning({
        instance: this.options.client.instanceName,
        at: new Date().toISOString(),
        warning,
      })
      .catch(error =>
        this.options.logger.warn(
          `Could not record the event stream's state: ${error.message}`,
        ),
      );
  }

  private pause(ms: number): Promise<void> {
    return new Promise(resolve => {
      if (this.stopping.signal.aborted) {
        resolve();
        return;
      }
      const timer = setTimeout(resolve, ms);
      this.stopping.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }
}
