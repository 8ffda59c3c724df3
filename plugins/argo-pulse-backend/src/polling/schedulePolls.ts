import type { SchedulerService } from '@backstage/backend-plugin-api';
import type { HumanDuration } from '@backstage/types';
import { durationToMilliseconds } from '@backstage/types';
import type { LeaseRecord, Leases } from '../database/DatabaseLeases';
import { HANDED_ON } from '../database/DatabaseLeases';
import { detailTaskId, pollTaskId } from '../tasks/taskIds';
import type { DetailReader } from './DetailReader';
import type { InstancePoller } from './InstancePoller';

const POLL_PREFIX = 'poll:';
const REPLICA_PREFIX = 'replica:';

/** The lease that lets one replica poll an instance for one interval. */
export const pollLeaseName = (instance: string) => `${POLL_PREFIX}${instance}`;

/** A replica's heartbeat: live while it is unexpired. */
export const replicaLeaseName = (replica: string) =>
  `${REPLICA_PREFIX}${replica}`;

const sleepFor = (ms: number, signal: AbortSignal) =>
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

/** What one replica makes of a free (or ending) poll lease on its turn. */
type Verdict = 'take' | 'take-over' | 'skip' | 'mark-free' | 'held';

/**
 * This replica's view of the shared work at one moment: the live replicas
 * (an unexpired `replica:<id>` heartbeat), how many poll leases each holds,
 * and its fair share of the instances: between floor and ceil of
 * instances / live replicas.
 */
class ShareView {
  private readonly byName: Map<string, LeaseRecord>;
  private readonly held = new Map<string, number>();
  private readonly floor: number;
  private readonly ceil: number;
  private readonly mine: number;

  constructor(
    private readonly at: number,
    private readonly replica: string,
    private readonly intervalMs: number,
    graceMs: number,
    instances: number,
    heartbeats: LeaseRecord[],
    polls: LeaseRecord[],
  ) {
    this.byName = new Map(polls.map(lease => [lease.name, lease]));
    this.held.set(replica, 0);
    for (const beat of heartbeats)
      if (beat.expiresAt.getTime() >= at) this.held.set(beat.holder, 0);
    for (const lease of polls) {
      const count = this.held.get(lease.holder);
      // Held: unexpired, or just expired and about to be renewed (others wait `graceMs` past it).
      if (count !== undefined && lease.expiresAt.getTime() >= at - graceMs)
        this.held.set(lease.holder, count + 1);
    }
    this.floor = Math.floor(instances / this.held.size);
    this.ceil = Math.ceil(instances / this.held.size);
    this.mine = this.held.get(replica)!;
  }

  lease(name: string): LeaseRecord | undefined {
    return this.byName.get(name);
  }

  /** Whether this replica, holding a lease, should hand it on instead of renewing it. */
  shouldHandOn(): boolean {
    if (this.mine > this.ceil) return true;
    // 14/14/12 for 40 among 3: one above the floor hands on to the one below it.
    return (
      this.mine > this.floor &&
      [...this.held].some(
        ([h, count]) => h !== this.replica && count < this.floor,
      )
    );
  }

  /** Whether this replica takes a lease it does not hold. */
  verdict(lease: LeaseRecord | undefined): Verdict {
    const below = this.mine < this.ceil;
    if (!lease) return below ? 'take' : 'mark-free';
    if (lease.holder === HANDED_ON) {
      // Handed on for balance, from the end of the interval its holder polled for: then for a
      // replica below its share, or for anyone once nobody took it for an interval.
      const freeFor = this.at - lease.expiresAt.getTime();
      if (freeFor <= 0) return 'held';
      return below || freeFor >= this.intervalMs ? 'take' : 'skip';
    }
    // Ran out with its holder named: the holder died or stalled; take over at once, as ever.
    return lease.expiresAt.getTime() < this.at ? 'take-over' : 'held';
  }
}

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
 *
 * No bursts: instance i of n starts at i × interval / n (its detail task half a
 * slot later), so the lists arrive one at a time through the interval rather
 * than all at once. Checked in @backstage/backend-defaults 0.18 (scheduler's
 * lib/): a local task (LocalTaskWorker) sleeps `initialDelay` once, then after
 * each run sleeps `frequency` minus the run's duration, so runs start a
 * `frequency` apart and keep their offset (only timer lateness, a run longer
 * than the interval or an event-loop stall shifts one, and it stays shifted,
 * no pull back into sync). A global task (TaskWorker) stores `now +
 * initialDelay` as its first start when its row is created (an existing row
 * keeps its own next start, so the offsets set when the tasks were first
 * created survive restarts) and each next start as the previous planned
 * start + `frequency`, so it does not drift either; but global tasks are
 * picked up by a shared poll of the tasks table every 5 s (or `frequency`,
 * if shorter), so detail runs start at the next such check after their time.
 *
 * Replicas share the instances: each renews a heartbeat lease (`replica:<id>`,
 * lasting about half an interval past its next run) on its runs, and counts
 * the live ones. On its turn, a replica holding more than its share (ceil of
 * instances / live replicas; or above the floor while another is below it)
 * hands the lease on (holder '', from the lease's end) instead of renewing it. The
 * others, waiting for the lease's end, take it then if below their share
 * (anyone, once it has been free an interval): the instance is polled once
 * in that interval, by the new holder. A replica at or above its share
 * leaves a free lease alone. A lease that ran out with its holder named (the
 * holder died) is taken over at once, as before, so failover stays within an
 * interval or so; the replica that took over hands none on until the dead
 * one's heartbeat has run out.
 */
export async function schedulePolls(options: {
  scheduler: SchedulerService;
  polling: { frequency: HumanDuration; timeout: HumanDuration };
  pollers: InstancePoller[];
  detailReaders: DetailReader[];
  leases: Leases;
  /** This replica, as a lease holder. */
  replica: string;
  /** The clock leases are read against (tests pass theirs). */
  now?: () => Date;
  /** How a run waits for another replica's lease to end (tests pass theirs). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}): Promise<void> {
  const { scheduler, polling, leases, replica } = options;
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? sleepFor;
  const frequencyMs = durationToMilliseconds(polling.frequency);
  // One interval: the holder's next turn renews it. Not the poll's timeout, which may be much
  // longer: a replica that dies would then keep its instances unpolled for that long.
  const leaseMs = frequencyMs;
  // How long past a lease's end another replica waits before taking it: the holder's turn comes then.
  const graceMs = Math.min(1000, Math.max(100, frequencyMs / 20));
  const instances = options.pollers.map(p => pollLeaseName(p.instance));
  const slotMs = frequencyMs / Math.max(1, options.pollers.length);

  // Renewed on a run at least a quarter interval after the last renewal: it lasts until the run
  // after that, and a quarter interval more.
  const heartbeatMs = slotMs + frequencyMs / 2 + graceMs;
  let heartbeatAt = -Infinity;
  async function heartbeat(): Promise<void> {
    const at = now().getTime();
    if (at - heartbeatAt < frequencyMs / 4) return;
    await leases.tryAcquire(replicaLeaseName(replica), replica, heartbeatMs);
    // Replicas gone long ago (each process is a new replica).
    await leases.prune(REPLICA_PREFIX, new Date(at - 10 * frequencyMs));
    heartbeatAt = at;
  }
  async function view(): Promise<ShareView> {
    const [heartbeats, polls] = await Promise.all([
      leases.list(REPLICA_PREFIX),
      leases.list(POLL_PREFIX),
    ]);
    return new ShareView(
      now().getTime(),
      replica,
      frequencyMs,
      graceMs,
      instances.length,
      heartbeats,
      polls.filter(lease => instances.includes(lease.name)),
    );
  }
  // After this replica takes over from a replica that let its lease run out (it died), the dead
  // replica's heartbeat may still count it for a while: no hand-ons until then, or they would go
  // to nobody.
  let handOnsFrom = -Infinity;

  /** Whether this replica has the instance's poll lease for this turn. */
  async function acquire(lease: string, signal: AbortSignal): Promise<boolean> {
    await heartbeat();
    let current = await view();
    const record = current.lease(lease);
    if (record?.holder === replica) {
      if (now().getTime() >= handOnsFrom && current.shouldHandOn()) {
        await leases.handOn(lease, replica);
        return false;
      }
      return leases.tryAcquire(lease, replica, leaseMs);
    }
    let verdict = current.verdict(record);
    if (verdict === 'held') {
      // Another replica has it (or had it, and died): if its lease ends before our next turn,
      // see then whether it was renewed, handed on, or left to run out.
      const wait = record!.expiresAt.getTime() - now().getTime() + graceMs;
      if (wait >= frequencyMs) return false;
      await sleep(Math.max(0, wait), signal);
      if (signal.aborted) return false;
      current = await view();
      verdict = current.verdict(current.lease(lease));
    }
    if (verdict === 'mark-free') await leases.markFree(lease);
    if (verdict === 'take' || verdict === 'take-over') {
      if (!(await leases.tryAcquire(lease, replica, leaseMs))) return false;
      if (verdict === 'take-over')
        handOnsFrom = now().getTime() + heartbeatMs + frequencyMs;
      return true;
    }
    return false;
  }

  // Polls and detail reads run at the same interval, each bounded by the poll's timeout.
  const schedule = (
    id: string,
    scope: 'local' | 'global',
    offsetMs: number,
    fn: (signal: AbortSignal) => Promise<void>,
  ) =>
    scheduler.scheduleTask({
      id,
      scope,
      frequency: polling.frequency,
      timeout: polling.timeout,
      ...(offsetMs > 0 && {
        initialDelay: { milliseconds: Math.round(offsetMs) },
      }),
      fn,
    });
  for (const [i, poller] of options.pollers.entries()) {
    await schedule(
      pollTaskId(poller.instance),
      'local',
      i * slotMs,
      async signal => {
        const lease = pollLeaseName(poller.instance);
        if (!(await acquire(lease, signal))) return;
        // A poll longer than an interval keeps its lease while it runs.
        const renewal = setInterval(() => {
          leases.tryAcquire(lease, replica, leaseMs).catch(() => false);
        }, Math.max(250, leaseMs / 2));
        try {
          await poller.poll(signal);
        } finally {
          clearInterval(renewal);
        }
      },
    );
  }
  for (const [i, reader] of options.detailReaders.entries()) {
    await schedule(
      detailTaskId(reader.instance),
      'global',
      (i + 0.5) * slotMs,
      async signal => {
        await reader.readPending(signal);
      },
    );
  }
}
