import type {
  DatabaseService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { durationToMilliseconds } from '@backstage/types';
import { randomUUID } from 'node:crypto';
import { ArgoCdClient } from '../argocd/ArgoCdClient';
import { RequestLimiter } from '../argocd/RequestLimiter';
import type { ArgoPulseConfig } from '../config/readArgoPulseConfig';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import { DatabaseLeases } from '../database/DatabaseLeases';
import type { ApplicationKey } from '../database/types';
import type { ArgoCdApplication } from '@argo-pulse/backstage-plugin-common';
import type { ArgoPulseMetrics } from '../metrics/argoPulseMetrics';
import { DetailReader } from './DetailReader';
import { InstancePoller } from './InstancePoller';
import { listFingerprint } from './listFingerprint';
import { OverviewWriter } from './OverviewWriter';
import {
  pollLeaseName,
  replicaLeaseName,
  schedulePolls,
} from './schedulePolls';
import { StreamWatcher } from './StreamWatcher';

/** What happens after Argo CD was read: the one place the rest of the plugin hears of it. */
export interface PollSink {
  /** The overview of these applications changed in the store (a poll or a stream event wrote it). */
  applicationsChanged(keys: ApplicationKey[]): Promise<void>;
  /** Their detail (resource trees, commits) was stored. */
  detailApplied(keys: ApplicationKey[]): Promise<void>;
  /** A poll of the instance ended, its outcome stored. */
  instancePolled(instance: string, outcome: { failed: boolean }): Promise<void>;
}

/**
 * Everything that reads Argo CD, for every configured instance: one client
 * each behind a shared request limiter, a poller, a detail reader, a stream
 * watcher where the instance streams, and the leases that keep each
 * instance's polls to one replica at a time. `schedule` registers the poll
 * and detail tasks; `start` and `stop` run the stream watchers and hand the
 * leases over at shutdown.
 */
export class PollingEngine {
  /** This replica, as the `holder` of its leases in `argo_pulse_leases`. */
  readonly replica = randomUUID();

  static async create(options: {
    config: ArgoPulseConfig;
    database: DatabaseService;
    store: ArgoPulseStore;
    logger: LoggerService;
    metrics: ArgoPulseMetrics;
    sink: PollSink;
  }): Promise<PollingEngine> {
    return new PollingEngine(
      options,
      await DatabaseLeases.create({ database: options.database }),
    );
  }

  private readonly clients: Map<string, ArgoCdClient>;
  private readonly pollers: InstancePoller[];
  private readonly detailReaders: DetailReader[];
  private readonly watchers: StreamWatcher[];

  private constructor(
    private readonly options: {
      config: ArgoPulseConfig;
      store: ArgoPulseStore;
      logger: LoggerService;
      metrics: ArgoPulseMetrics;
      sink: PollSink;
    },
    private readonly leases: DatabaseLeases,
  ) {
    const { config, store, logger, metrics, sink } = options;
    const limiter = new RequestLimiter({
      perInstance: config.polling.concurrency,
      total: config.polling.maxRequestsInFlight,
    });
    const clients = config.instances.map(
      instance =>
        new ArgoCdClient({
          instance,
          logger: logger.child({ instance: instance.name }),
          requestTimeoutMs: config.polling.requestTimeoutMs,
          maxAnswerBytes: config.polling.maxAnswerBytes,
          limiter,
          onRequest: metrics.argoCdRequest,
        }),
    );
    this.clients = new Map(clients.map(c => [c.instanceName, c]));
    const loggerOf = (client: ArgoCdClient) =>
      logger.child({ instance: client.instanceName });
    this.pollers = clients.map(
      client =>
        new InstancePoller({
          client,
          store,
          logger: loggerOf(client),
          metrics,
          timeoutMs: durationToMilliseconds(config.polling.timeout),
          onChanged: keys => sink.applicationsChanged(keys),
          onPolled: outcome =>
            sink.instancePolled(client.instanceName, outcome),
        }),
    );
    this.detailReaders = clients.map(
      client =>
        new DetailReader({
          client,
          store,
          logger: loggerOf(client),
          onApplied: keys => sink.detailApplied(keys),
        }),
    );
    this.watchers = config.instances.flatMap((instance, i) =>
      instance.mode === 'stream'
        ? [
            new StreamWatcher({
              client: clients[i],
              poller: this.pollers[i],
              store,
              leases,
              logger: loggerOf(clients[i]),
              onChanged: keys => sink.applicationsChanged(keys),
            }),
          ]
        : [],
    );
  }

  /** The client of a configured instance: what users' operations call Argo CD with, behind the same request limiter. */
  client(instance: string): ArgoCdClient | undefined {
    return this.clients.get(instance);
  }

  /**
   * Polls one application at once, outside the schedule: reads it whole (at
   * `user` priority), or takes it as Argo CD just answered it (a refresh
   * answers the application as reconciled), and stores it as a poll stores a
   * changed application, with the fingerprint a whole application reads to;
   * the sink then hears of the change (signals, expectations), as after a
   * poll. Its resource tree follows with the instance's next detail run.
   */
  async refreshNow(
    key: ApplicationKey,
    app?: ArgoCdApplication,
  ): Promise<void> {
    const client = this.clients.get(key.instance);
    if (!client) throw new Error(`No Argo CD instance ${key.instance}`);
    const read =
      app ??
      (await client.getApplication(key.name, key.namespace || undefined, {
        priority: 'user',
      }));
    const writer = new OverviewWriter({
      instance: key.instance,
      store: this.options.store,
      now: () => new Date().toISOString(),
      onWritten: keys => this.options.sink.applicationsChanged(keys),
    });
    await writer.writeAll(
      [{ app: read, fingerprint: listFingerprint(read, 'whole') }],
      new AbortController().signal,
    );
  }

  /** Registers one poll task and one detail task per instance with the scheduler. */
  async schedule(scheduler: SchedulerService): Promise<void> {
    await schedulePolls({
      scheduler,
      polling: this.options.config.polling,
      pollers: this.pollers,
      detailReaders: this.detailReaders,
      leases: this.leases,
      replica: this.replica,
    });
  }

  /** Starts watching the instances in stream mode. */
  start(): void {
    this.watchers.forEach(watcher => watcher.start());
  }

  /**
   * Stops the watchers and hands this replica's instances over at once, rather than when the
   * leases expire; its heartbeat too, so that the others' fair share counts it out at once.
   */
  async stop(): Promise<void> {
    await Promise.all([
      this.leases.release(replicaLeaseName(this.replica), this.replica),
      ...this.options.config.instances.map(i =>
        this.leases.release(pollLeaseName(i.name), this.replica),
      ),
      ...this.watchers.map(watcher => watcher.stop()),
    ]);
  }
}
