import type { SchedulerService } from '@backstage/backend-plugin-api';
import type { HumanDuration } from '@backstage/types';
import { durationToMilliseconds } from '@backstage/types';
import type { Leases } from '../database/DatabaseLeases';
import { detailTaskId, pollTaskId } from '../tasks/taskIds';
import type { DetailReader } from './DetailReader';
import type { InstancePoller } from './InstancePoller';

/** The lease that lets one replica poll an instance for one interval. */
export const pollLeaseName = (instance: string) => `poll:${instance}`;

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

/**
 * One poll task per instance on every replica (`scope: 'local'`), whose run
 * first takes the instance's poll lease in the database for one interval,
 * renewed while a longer poll runs: with several backend replicas on one
 * database, each instance is polled about once per interval in total, and a
 * slow instance never delays another. A lease, not the scheduler's global
 * lock, because a global task's lock outlives a crashed replica by up to a
 * minute (the scheduler frees expired locks once a minute); a lease passes
 * on as soon as it expires, so polling resumes within an interval. Plus a
 * global detail task per instance.
 */
export async function schedulePolls(options: {
  scheduler: SchedulerService;
  polling: { frequency: HumanDuration; timeout: HumanDuration };
  pollers: InstancePoller[];
  detailReaders: DetailReader[];
  leases: Leases;
  /** This replica, as a lease holder. */
  replica: string;
}): Promise<void> {
  const { scheduler, polling, leases, replica } = options;
  const frequencyMs = durationToMilliseconds(polling.frequency);
  // One interval: the holder's next turn renews it. Not the poll's timeout, which may be much
  // longer: a replica that dies would then keep its instances unpolled for that long.
  const leaseMs = frequencyMs;
  // Polls and detail reads run at the same interval, each bounded by the poll's timeout.
  const schedule = (
    id: string,
    scope: 'local' | 'global',
    fn: (signal: AbortSignal) => Promise<void>,
  ) =>
    scheduler.scheduleTask({
      id,
      scope,
      frequency: polling.frequency,
      timeout: polling.timeout,
      fn,
    });
  for (const poller of options.pollers) {
    await schedule(pollTaskId(poller.instance), 'local', async signal => {
      const lease = pollLeaseName(poller.instance);
      if (!(await leases.tryAcquire(lease, replica, leaseMs))) {
        // Another replica has it (or had it, and died): if its lease ends before our next
        // turn, take over then rather than an interval later.
        const wait =
          ((await leases.expiresAt(lease))?.getTime() ?? Date.now()) -
          Date.now() +
          100;
        if (wait >= frequencyMs) return;
        await sleep(Math.max(0, wait), signal);
        if (
          signal.aborted ||
          !(await leases.tryAcquire(lease, replica, leaseMs))
        )
          return;
      }
      // A poll longer than an interval keeps its lease while it runs.
      const renewal = setInterval(() => {
        leases.tryAcquire(lease, replica, leaseMs).catch(() => false);
      }, Math.max(250, leaseMs / 2));
      try {
        await poller.poll(signal);
      } finally {
        clearInterval(renewal);
      }
    });
  }
  for (const reader of options.detailReaders) {
    await schedule(detailTaskId(reader.instance), 'global', async signal => {
      await reader.readPending(signal);
    });
  }
}
