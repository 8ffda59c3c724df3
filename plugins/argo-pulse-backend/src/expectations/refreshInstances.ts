import type { SchedulerService } from '@backstage/backend-plugin-api';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import { pollTaskId } from '../tasks/taskIds';

/** Polls some instances now and waits (bounded) until each has been polled; for an application CI names before the next poll. */
export type RefreshInstances = (instances: string[]) => Promise<void>;

/**
 * Runs the poll task of each instance now (the scheduler's own, so its lease
 * still keeps polls of one instance to one replica at a time) and waits
 * until each records an attempt after the call, or `waitMs` passes.
 */
export function createInstanceRefresher(options: {
  scheduler: SchedulerService;
  store: ArgoPulseStore;
  waitMs: number;
  pauseMs?: number;
}): RefreshInstances {
  const { scheduler, store, waitMs } = options;
  const pauseMs = options.pauseMs ?? 200;
  return async instances => {
    const since = new Date().toISOString();
    // A task already running is not started again: its end is waited for like any other.
    await Promise.all(
      instances.map(instance =>
        scheduler.triggerTask(pollTaskId(instance)).catch(() => undefined),
      ),
    );
    const until = Date.now() + waitMs;
    while (Date.now() < until) {
      const statuses = await store.getInstanceStatuses();
      const polled = (instance: string) =>
        (statuses.find(s => s.instance === instance)?.lastAttemptAt ?? '') >=
        since;
      if (instances.every(polled)) return;
      await new Promise(resolve => setTimeout(resolve, pauseMs));
    }
  };
}
