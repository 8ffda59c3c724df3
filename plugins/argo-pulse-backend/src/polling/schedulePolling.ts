import type { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { durationToMilliseconds } from '@backstage/types';
import type { ArgoPulseConfig } from '../config/readArgoPulseConfig';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
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

/**
 * One scheduler task per instance, `scope: 'global'`: with several backend
 * replicas on one database, each instance is polled by one replica at a
 * time, and a slow instance never delays another. The task's timeout is the
 * poll's time budget (`polling.timeout`, by default the polling interval):
 * it is also how long a replica that died mid-poll keeps its claim, so
 * another replica, or the restarted one, polls again within it. Plus an
 * hourly task that prunes history past the retention, and a local sweep that
 * evaluates every pending expectation (a safety net behind the evaluation
 * after each poll and each replica's deadline timer).
 */
export async function schedulePolling(options: {
  scheduler: SchedulerService;
  config: ArgoPulseConfig;
  pollers: InstancePoller[];
  detailReaders: DetailReader[];
  store: ArgoPulseStore;
  logger: LoggerService;
  /** Deletes expectations resolved before the cutoff (kept as long as the history). */
  pruneExpectations: (resolvedBefore: string) => Promise<number>;
  /** Every minute, on every replica. */
  onTick: () => Promise<void>;
}): Promise<void> {
  const { scheduler, config, pollers, store, logger } = options;
  for (const poller of pollers) {
    await scheduler.scheduleTask({
      id: pollTaskId(poller.instance),
      scope: 'global',
      frequency: config.polling.frequency,
      timeout: config.polling.timeout,
      fn: async signal => {
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
