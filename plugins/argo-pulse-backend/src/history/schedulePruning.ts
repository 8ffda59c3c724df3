import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import { PRUNE_HISTORY_TASK_ID } from '../tasks/taskIds';

/** An hourly task, on one replica at a time, that deletes history past the retention. */
export async function schedulePruning(options: {
  scheduler: SchedulerService;
  retention: HumanDuration;
  store: ArgoPulseStore;
  /** Deletes expectations resolved before the cutoff (kept as long as the history). */
  pruneExpectations: (resolvedBefore: string) => Promise<number>;
  logger: LoggerService;
}): Promise<void> {
  const { store, logger } = options;
  await options.scheduler.scheduleTask({
    id: PRUNE_HISTORY_TASK_ID,
    scope: 'global',
    frequency: { hours: 1 },
    timeout: { minutes: 5 },
    fn: async () => {
      const cutoff = new Date(
        Date.now() - durationToMilliseconds(options.retention),
      ).toISOString();
      const pruned = await store.pruneHistory(cutoff);
      const prunedExpectations = await options.pruneExpectations(cutoff);
      if (pruned + prunedExpectations > 0) {
        logger.info(
          `Pruned ${pruned} deployments and ${prunedExpectations} expectations that ended before ${cutoff}`,
        );
      }
    },
  });
}
