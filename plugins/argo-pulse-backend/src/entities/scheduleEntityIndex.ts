import type {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import { ENTITY_INDEX_TASK_ID } from '../tasks/taskIds';
import type { DatabaseEntityIndex } from './DatabaseEntityIndex';
import { refreshEntityIndex } from './refreshEntityIndex';

/**
 * Rebuilds the entity index every minute, on one replica at a time;
 * `onChanged` when it wrote an entity (the portal's pages list what it holds).
 */
export async function scheduleEntityIndex(options: {
  scheduler: SchedulerService;
  catalog: CatalogService;
  auth: AuthService;
  store: ArgoPulseStore;
  index: DatabaseEntityIndex;
  configuredInstances: string[];
  logger: LoggerService;
  onChanged?: () => void;
}): Promise<void> {
  const { scheduler, logger } = options;
  await scheduler.scheduleTask({
    id: ENTITY_INDEX_TASK_ID,
    scope: 'global',
    frequency: { minutes: 1 },
    timeout: { minutes: 1 },
    fn: async () => {
      const { entities, rewritten } = await refreshEntityIndex(options);
      logger.debug(
        `The entity index holds ${entities} entities with Argo CD applications`,
      );
      if (rewritten > 0) options.onChanged?.();
    },
  });
}

/**
 * What to call after each poll: the first successful poll of each instance
 * rebuilds the index at once, so a new portal lists deployments without
 * waiting for the next minute.
 */
export function indexAfterFirstPoll(
  scheduler: SchedulerService,
): (instance: string, outcome: { failed: boolean }) => void {
  const firstPolled = new Set<string>();
  return (instance, outcome) => {
    if (outcome.failed || firstPolled.has(instance)) return;
    firstPolled.add(instance);
    scheduler.triggerTask(ENTITY_INDEX_TASK_ID).catch(() => {}); // already running: it reads what is stored by then
  };
}
