import type { SchedulerService } from '@backstage/backend-plugin-api';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import type { ApplicationKey } from '../database/types';
import { SETTLE_DEPLOYMENTS_TASK_ID } from '../tasks/taskIds';

/**
 * A task, every 15 seconds on one replica at a time, that settles deployments
 * whose application stopped changing while they were still progressing (a
 * poll writes nothing for an unchanged application): degraded past the
 * grace, or not Healthy within the settle timeout. Pages showing them are told.
 */
export async function scheduleSettling(options: {
  scheduler: SchedulerService;
  store: ArgoPulseStore;
  onSettled: (keys: ApplicationKey[]) => Promise<void>;
}): Promise<void> {
  await options.scheduler.scheduleTask({
    id: SETTLE_DEPLOYMENTS_TASK_ID,
    scope: 'global',
    frequency: { seconds: 15 },
    timeout: { minutes: 1 },
    fn: async () => {
      const settled = await options.store.settleOverdueDeployments(
        new Date().toISOString(),
      );
      if (settled.length) await options.onSettled(settled);
    },
  });
}
