import type { SchedulerService } from '@backstage/backend-plugin-api';
import { EXPECTATION_SWEEP_TASK_ID } from '../tasks/taskIds';
import type { DeadlineTimer } from './DeadlineTimer';
import type { ExpectationService } from './ExpectationService';

/**
 * A task on every replica, once a minute, that evaluates every pending
 * expectation: a safety net behind the evaluation after each poll and each
 * replica's deadline timer, and how a replica learns of expectations another
 * one created.
 */
export async function scheduleSweep(options: {
  scheduler: SchedulerService;
  expectations: ExpectationService;
  deadlines: DeadlineTimer;
}): Promise<void> {
  await options.scheduler.scheduleTask({
    id: EXPECTATION_SWEEP_TASK_ID,
    scope: 'local',
    frequency: { minutes: 1 },
    timeout: { minutes: 1 },
    fn: async () => {
      await options.expectations.evaluatePending();
      options.deadlines.arm(); // picks up expectations another replica created
    },
  });
}
