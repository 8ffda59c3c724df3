import type { SchedulerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { durationToMilliseconds } from '@backstage/types';
import { DatabaseLeases } from '../database/DatabaseLeases';
import { describeOnEachDatabase } from '../testing/eachDatabase';
import type { DetailReader } from './DetailReader';
import type { InstancePoller } from './InstancePoller';
import { pollLeaseName, schedulePolls } from './schedulePolls';

type Task = Parameters<SchedulerService['scheduleTask']>[0];

/** A scheduler that only records the tasks it is given. */
function recordingScheduler(): { scheduler: SchedulerService; tasks: Task[] } {
  const tasks: Task[] = [];
  const scheduler = {
    scheduleTask: async (task: Task) => {
      tasks.push(task);
    },
  } as unknown as SchedulerService;
  return { scheduler, tasks };
}

const INTERVAL_MS = 60_000;
const polling = {
  frequency: { milliseconds: INTERVAL_MS },
  timeout: { milliseconds: INTERVAL_MS },
};
const names = (n: number) =>
  Array.from({ length: n }, (_, i) => `argocd-${String(i).padStart(2, '0')}`);
const delayOf = (task: Task) =>
  task.initialDelay ? durationToMilliseconds(task.initialDelay as any) : 0;

describe('schedulePolls spreads the polls over the interval', () => {
  it.each([1, 4, 20])(
    'gives %i instances distinct offsets, i × interval / n, the detail tasks half a slot later',
    async n => {
      const { scheduler, tasks } = recordingScheduler();
      await schedulePolls({
        scheduler,
        polling,
        pollers: names(n).map(
          instance => ({ instance } as unknown as InstancePoller),
        ),
        detailReaders: names(n).map(
          instance => ({ instance } as unknown as DetailReader),
        ),
        leases: {} as any,
        replica: 'replica-a',
      });
      const polls = tasks.filter(t => t.scope === 'local');
      const details = tasks.filter(t => t.scope === 'global');
      expect(polls).toHaveLength(n);
      expect(details).toHaveLength(n);
      const slot = INTERVAL_MS / n;
      expect(polls.map(delayOf)).toEqual(
        names(n).map((_, i) => Math.round(i * slot)),
      );
      expect(details.map(delayOf)).toEqual(
        names(n).map((_, i) => Math.round((i + 0.5) * slot)),
      );
      const all = [...polls, ...details].map(delayOf);
      expect(new Set(all).size).toBe(2 * n);
      expect(Math.max(...all)).toBeLessThan(INTERVAL_MS);
      for (const task of tasks)
        expect(task.frequency).toEqual(polling.frequency);
    },
  );
});

/**
 * Replicas over one database as the scheduler runs them, on a virtual clock:
 * each replica's poll task of instance i runs at its start + i × interval / n
 * and then an interval after each run's start (or at its end, if longer), as
 * the scheduler's LocalTaskWorker does. One run at a time, each until it ends
 * or sleeps (a sleep is a later event), so the order is deterministic.
 */
class Simulation {
  clock = Date.parse('2026-12-08T10:00:00.000Z');
  readonly start = this.clock;
  readonly polls: Array<{ instance: string; replica: string; at: number }> = [];
  private readonly events: Array<{
    at: number;
    seq: number;
    run: () => void;
  }> = [];
  private seq = 0;
  private active = 0;
  private readonly replicas = new Map<
    string,
    { alive: boolean; leases: DatabaseLeases }
  >();

  constructor(
    private readonly database: Awaited<
      ReturnType<typeof mockServices.database>
    >,
    readonly instances: string[],
  ) {}

  readonly now = () => new Date(this.clock);

  private at(at: number, run: () => void) {
    this.events.push({ at, seq: this.seq++, run });
    this.events.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  private readonly sleep = (ms: number) =>
    new Promise<void>(resolve => {
      this.active--;
      this.at(this.clock + ms, () => {
        this.active++;
        resolve();
      });
    });

  /** Starts a replica now (plus `lagMs`): its tasks' first runs at their initial delays. */
  async addReplica(id: string, lagMs = 0): Promise<void> {
    const leases = await DatabaseLeases.create({
      database: this.database,
      now: this.now,
    });
    const replica = { alive: true, leases };
    this.replicas.set(id, replica);
    const { scheduler, tasks } = recordingScheduler();
    await schedulePolls({
      scheduler,
      polling,
      pollers: this.instances.map(
        instance =>
          ({
            instance,
            poll: async () => {
              this.polls.push({ instance, replica: id, at: this.clock });
            },
          } as unknown as InstancePoller),
      ),
      detailReaders: [],
      leases,
      replica: id,
      now: this.now,
      sleep: this.sleep,
    });
    const signal = new AbortController().signal;
    for (const task of tasks) {
      const run = () => {
        if (!replica.alive) return;
        const startedAt = this.clock;
        this.active++;
        Promise.resolve(task.fn(signal)).then(() => {
          this.active--;
          this.at(Math.max(startedAt + INTERVAL_MS, this.clock), run);
        });
      };
      this.at(this.clock + lagMs + delayOf(task), run);
    }
  }

  /** The replica stops running its tasks, as when its process is killed: its leases are left to expire. */
  kill(id: string): void {
    this.replicas.get(id)!.alive = false;
  }

  async runFor(ms: number): Promise<void> {
    const until = this.clock + ms;
    while (this.events.length && this.events[0].at < until) {
      const event = this.events.shift()!;
      this.clock = event.at;
      event.run();
      while (this.active > 0) await new Promise(r => setImmediate(r));
    }
    this.clock = until;
  }

  /** Poll leases held now, by replica. */
  async holdings(): Promise<Record<string, number>> {
    const leases = await [...this.replicas.values()][0].leases.list('poll:');
    const held: Record<string, number> = {};
    for (const lease of leases)
      if (lease.expiresAt.getTime() >= this.clock - 1000 && lease.holder)
        held[lease.holder] = (held[lease.holder] ?? 0) + 1;
    return held;
  }

  /**
   * The polls of each instance in each of the intervals [from, to) (counted from the start,
   * each instance's intervals starting at its own offset): by which replicas.
   */
  pollsPerInterval(from: number, to: number): Map<string, string[][]> {
    const slot = INTERVAL_MS / this.instances.length;
    const result = new Map<string, string[][]>();
    this.instances.forEach((instance, i) => {
      const intervals: string[][] = Array.from({ length: to - from }, () => []);
      for (const poll of this.polls.filter(p => p.instance === instance)) {
        const k = Math.floor((poll.at - this.start - i * slot) / INTERVAL_MS);
        if (k >= from && k < to) intervals[k - from].push(poll.replica);
      }
      result.set(instance, intervals);
    });
    return result;
  }
}

/** Each instance polled exactly once in each interval [from, to): never twice, never by two replicas. */
function expectEachPolledOncePerInterval(
  sim: Simulation,
  from: number,
  to: number,
) {
  for (const [instance, intervals] of sim.pollsPerInterval(from, to))
    expect({ instance, counts: intervals.map(r => r.length) }).toEqual({
      instance,
      counts: intervals.map(() => 1),
    });
}

describeOnEachDatabase('replicas sharing the polls on %s', testDatabase => {
  const INSTANCES = names(40);

  async function simulation() {
    return new Simulation(await testDatabase.service(), INSTANCES);
  }

  it('two replicas started together: 20 each, every instance polled once per interval', async () => {
    const sim = await simulation();
    await sim.addReplica('replica-a');
    await sim.addReplica('replica-b');
    await sim.runFor(6 * INTERVAL_MS);
    const held = await sim.holdings();
    expect(Object.keys(held).sort()).toEqual(['replica-a', 'replica-b']);
    for (const count of Object.values(held)) {
      expect(count).toBeGreaterThanOrEqual(18);
      expect(count).toBeLessThanOrEqual(22);
    }
    expectEachPolledOncePerInterval(sim, 0, 5);
  });

  it('three replicas: 13 or 14 each, every instance polled once per interval', async () => {
    const sim = await simulation();
    await sim.addReplica('replica-a');
    await sim.addReplica('replica-b');
    await sim.addReplica('replica-c');
    await sim.runFor(8 * INTERVAL_MS);
    const held = await sim.holdings();
    expect(Object.keys(held)).toHaveLength(3);
    for (const count of Object.values(held)) {
      expect(count).toBeGreaterThanOrEqual(13);
      expect(count).toBeLessThanOrEqual(14);
    }
    expectEachPolledOncePerInterval(sim, 0, 7);
  });

  it('one that held everything shares with the one that joins within a couple of intervals', async () => {
    const sim = await simulation();
    await sim.addReplica('replica-a');
    await sim.runFor(3 * INTERVAL_MS);
    expect(await sim.holdings()).toEqual({ 'replica-a': 40 });
    await sim.addReplica('replica-b');
    await sim.runFor(2 * INTERVAL_MS);
    expect(await sim.holdings()).toEqual({
      'replica-a': 20,
      'replica-b': 20,
    });
    await sim.addReplica('replica-c');
    await sim.runFor(3 * INTERVAL_MS);
    const held = await sim.holdings();
    expect(Object.values(held).sort()).toEqual([13, 13, 14]);
    expectEachPolledOncePerInterval(sim, 0, 7);
  });

  it('the survivor of two holds all 40 within two intervals of the other dying, and polls each every interval', async () => {
    const sim = await simulation();
    await sim.addReplica('replica-a');
    await sim.addReplica('replica-b');
    await sim.runFor(4 * INTERVAL_MS);
    expectEachPolledOncePerInterval(sim, 0, 3);
    sim.kill('replica-a');
    await sim.runFor(2 * INTERVAL_MS);
    expect(await sim.holdings()).toEqual({ 'replica-b': 40 });
    await sim.runFor(4 * INTERVAL_MS);
    expect(await sim.holdings()).toEqual({ 'replica-b': 40 });
    // Not a single interval missed, nor a poll twice, through the failover and after it.
    expectEachPolledOncePerInterval(sim, 0, 9);
    const late = sim.pollsPerInterval(6, 9);
    for (const intervals of late.values())
      expect(intervals.flat()).toEqual(Array(3).fill('replica-b'));
  });

  it('replicas started apart share too, and two never poll an instance within an interval of each other', async () => {
    const sim = await simulation();
    await sim.addReplica('replica-a');
    await sim.addReplica('replica-b', 0.37 * INTERVAL_MS);
    await sim.addReplica('replica-c', 0.71 * INTERVAL_MS);
    await sim.runFor(10 * INTERVAL_MS);
    const held = await sim.holdings();
    expect(Object.values(held).sort()).toEqual([13, 13, 14]);
    // One dies: the other two take its instances over and share them.
    sim.kill('replica-b');
    await sim.runFor(4 * INTERVAL_MS);
    expect(await sim.holdings()).toEqual({
      'replica-a': 20,
      'replica-c': 20,
    });
    const gaps = INSTANCES.flatMap(instance => {
      const polls = sim.polls.filter(p => p.instance === instance);
      return polls.slice(1).map((next, i) => ({
        ms: next.at - polls[i].at,
        handedOver: next.replica !== polls[i].replica,
      }));
    });
    // Polled again within an interval (and a little: the next holder waits past the lease's end).
    expect(Math.max(...gaps.map(g => g.ms))).toBeLessThanOrEqual(
      INTERVAL_MS + 1000,
    );
    // From one replica to another: never within one interval.
    const handOvers = gaps.filter(g => g.handedOver).map(g => g.ms);
    expect(handOvers.length).toBeGreaterThan(20);
    expect(Math.min(...handOvers)).toBeGreaterThanOrEqual(INTERVAL_MS);
  });
});

it('names poll leases by instance', () => {
  expect(pollLeaseName('prod')).toBe('poll:prod');
});
