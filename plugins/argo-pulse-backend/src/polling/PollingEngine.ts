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
import type { ArgoPulseMetrics } from '../metrics/argoPulseMetrics';
import { DetailReader } from './DetailReader';
import { InstancePoller } from './InstancePoller';
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
