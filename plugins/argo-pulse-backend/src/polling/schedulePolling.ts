import type { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { durationToMilliseconds } from '@backstage/types';
import type { ArgoPulseConfig } from '../config/readArgoPulseConfig';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import type { Leases } from '../database/DatabaseLeases';
import type { DetailReader } from './DetailReader';
import type { InstancePoller } from './InstancePoller';

/**
 * The id of the scheduler task that polls one Argo CD instance. It is stable,
 * so that `SchedulerService.triggerTask` can name it to poll an instance now.
 *
 * @param instance - The instance's name in the `argoPulse.instances` configuration.
 * @public
 */
export function pollTaskId(instance: string): string {
  return `argo-pulse-poll-${instance}`;
}

/**
 * The id of the scheduler task that reads the detail of one instance's
 * changed applications (resource trees, commit metadata) after the overview.
 *
 * @param instance - The instance's name in the `argoPulse.instances` configuration.
 * @public
 */
export function detailTaskId(instance: string): string {
  return `argo-pulse-detail-${instance}`;
}

/**
 * The id of the hourly scheduler task that deletes deployments and resolved
 * expectations older than the configured history retention.
 *
 * @public
 */
export const PRUNE_HISTORY_TASK_ID = 'argo-pulse-prune-history';

/**
 * The id of the scheduler task that evaluates every pending expectation once a
 * minute on each backend replica, as a safety net behind the evaluation after
 * each poll.
 *
 * @public
 */
export const EXPECTATION_SWEEP_TASK_ID = 'argo-pulse-expectation-sweep';

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>(resolve => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/** The lease that lets one replica poll an instance for one interval. */
export const pollLeaseName = (instance: string) => `poll:${instance}`;

/**
 * One poll task per instance on every replica (`scope: 'local'`), whose run
 * first takes the instance's poll lease in the database for one interval
 * (or the poll's timeout, if longer): with several backend replicas on one
 * database, each instance is polled about once per interval in total, and a
 * slow instance never delays another. A lease, not the scheduler's global
 * lock, because a global task's lock outlives a crashed replica by up to a
 * minute (the scheduler frees expired locks once a minute); a lease passes
 * on as soon as it expires, so polling resumes within an interval. Plus a
 * global detail task per instance, an hourly task that prunes history past
 * the retention, and a local sweep that evaluates every pending expectation
 * (a safety net behind the evaluation after each poll and each replica's
 * deadline timer).
 */
export async function schedulePolling(options: {
  scheduler: SchedulerService;
  config: ArgoPulseConfig;
  pollers: InstancePoller[];
  detailReaders: DetailReader[];
  store: ArgoPulseStore;
  leases: Leases;
  /** This replica, as a lease holder. */
  replica: string;
  logger: LoggerService;
  /** Deletes expectations resolved before the cutoff (kept as long as the history). */
  pruneExpectations: (resolvedBefore: string) => Promise<number>;
  /** Every minute, on every replica. */
  onTick: () => Promise<void>;
}): Promise<void> {
  const { scheduler, config, pollers, store, logger, leases, replica } = options;
  const leaseMs = Math.max(durationToMilliseconds(config.polling.frequency), durationToMilliseconds(config.polling.timeout));
  for (const poller of pollers) {
    await scheduler.scheduleTask({
      id: pollTaskId(poller.instance),
      scope: 'local',
      frequency: config.polling.frequency,
      timeout: config.polling.timeout,
      fn: async signal => {
        const lease = pollLeaseName(poller.instance);
        if (!(await leases.tryAcquire(lease, replica, leaseMs))) {
          // Another replica has it (or had it, and died): if its lease ends before our next
          // turn, take over then rather than an interval later.
          const wait = ((await leases.expiresAt(lease))?.getTime() ?? Date.now()) - Date.now() + 100;
          if (wait >= durationToMilliseconds(config.polling.frequency)) return;
          await sleep(Math.max(0, wait), signal);
          if (signal.aborted || !(await leases.tryAcquire(lease, replica, leaseMs))) return;
        }
        await poller.poll(signal);
      },
    });
  }
  for (const reader of options.detailReaders) {
    await scheduler.scheduleTask({
      id: detailTaskId(reader.instance),
      scope: 'global',
      frequency: config.polling.frequency,
      timeout: config.polling.timeout,
      fn: async signal => {
        await reader.readPending(signal);
      },
    });
  }
  await scheduler.scheduleTask({
    id: PRUNE_HISTORY_TASK_ID,
    scope: 'global',
    frequency: { hours: 1 },
    timeout: { minutes: 5 },
    fn: async () => {
      const cutoff = new Date(Date.now() - durationToMilliseconds(config.history.retention)).toISOString();
      const pruned = await store.pruneHistory(cutoff);
      const prunedExpectations = await options.pruneExpectations(cutoff);
      if (pruned + prunedExpectations > 0) {
        logger.info(`Pruned ${pruned} deployments and ${prunedExpectations} expectations that ended before ${cutoff}`);
      }
    },
  });
  await scheduler.scheduleTask({
    id: EXPECTATION_SWEEP_TASK_ID,
    scope: 'local',
    frequency: { minutes: 1 },
    timeout: { minutes: 1 },
    fn: options.onTick,
  });
}
