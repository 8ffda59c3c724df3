import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseLeases, HANDED_ON } from './DatabaseLeases';
import { describeOnEachDatabase } from '../testing/eachDatabase';

describeOnEachDatabase('DatabaseLeases on %s', testDatabase => {
  async function replicas(clock: { now: Date }) {
    const knex = await testDatabase.knex();
    const database = mockServices.database({ knex });
    const now = () => clock.now;
    return [
      await DatabaseLeases.create({ database, now }),
      await DatabaseLeases.create({ database, now }),
    ];
  }

  it('lets one holder at a time have a lease, renew it, and give it up', async () => {
    const clock = { now: new Date('2026-11-30T10:00:00.000Z') };
    const [a, b] = await replicas(clock);
    expect(await a.tryAcquire('stream:prod', 'replica-a', 10_000)).toBe(true);
    expect(await b.tryAcquire('stream:prod', 'replica-b', 10_000)).toBe(false);
    expect(await b.expiresAt('stream:prod')).toEqual(
      new Date('2026-11-30T10:00:10.000Z'),
    );
    clock.now = new Date('2026-11-30T10:00:08.000Z');
    expect(await a.tryAcquire('stream:prod', 'replica-a', 10_000)).toBe(true); // renewed until 10:00:18
    clock.now = new Date('2026-11-30T10:00:12.000Z');
    expect(await b.tryAcquire('stream:prod', 'replica-b', 10_000)).toBe(false);
    await a.release('stream:prod', 'replica-a');
    expect(await b.expiresAt('stream:prod')).toBeUndefined();
    expect(await b.tryAcquire('stream:prod', 'replica-b', 10_000)).toBe(true);
  });

  it('passes an expired lease to the next replica that asks, as when its holder died', async () => {
    const clock = { now: new Date('2026-11-30T10:00:00.000Z') };
    const [a, b] = await replicas(clock);
    expect(await a.tryAcquire('stream:prod', 'replica-a', 5_000)).toBe(true);
    clock.now = new Date('2026-11-30T10:00:05.001Z');
    expect(await b.tryAcquire('stream:prod', 'replica-b', 5_000)).toBe(true);
    expect(await a.tryAcquire('stream:prod', 'replica-a', 5_000)).toBe(false);
  });

  it('lets exactly one of many replicas racing for a free lease win', async () => {
    const clock = { now: new Date('2026-11-30T10:00:00.000Z') };
    const [a, b] = await replicas(clock);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? a : b).tryAcquire('stream:prod', `replica-${i}`, 5_000),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('hands a lease on with a record of when, lists leases by prefix and prunes old ones', async () => {
    const clock = { now: new Date('2026-11-30T10:00:00.000Z') };
    const [a, b] = await replicas(clock);
    expect(await a.tryAcquire('poll:prod', 'replica-a', 10_000)).toBe(true);
    await b.handOn('poll:prod', 'replica-b'); // not b's: nothing happens
    expect(await b.tryAcquire('poll:prod', 'replica-b', 10_000)).toBe(false);
    await a.handOn('poll:prod', 'replica-a');
    expect(await b.list('poll:')).toEqual([
      {
        name: 'poll:prod',
        holder: HANDED_ON,
        expiresAt: new Date('2026-11-30T10:00:10.000Z'),
      },
    ]);
    // Another replica takes it once the interval it covered is over.
    expect(await b.tryAcquire('poll:prod', 'replica-b', 10_000)).toBe(false);
    clock.now = new Date('2026-11-30T10:00:10.001Z');
    expect(await b.tryAcquire('poll:prod', 'replica-b', 10_000)).toBe(true);

    await a.markFree('poll:stage');
    await a.markFree('poll:prod'); // held: left as it is
    await a.tryAcquire('poll_x', 'replica-a', 10_000); // `_` is no wildcard
    await a.tryAcquire('replica:a', 'replica-a', 10_000);
    const polls = await a.list('poll:');
    expect(polls.map(l => [l.name, l.holder]).sort()).toEqual([
      ['poll:prod', 'replica-b'],
      ['poll:stage', HANDED_ON],
    ]);
    expect((await a.list('poll_')).map(l => l.name)).toEqual(['poll_x']);

    clock.now = new Date('2026-11-30T10:00:30.000Z');
    await a.prune('replica:', new Date('2026-11-30T10:00:25.000Z'));
    await a.prune('poll:', new Date('2026-11-30T10:00:15.000Z'));
    expect(await a.list('replica:')).toEqual([]);
    expect((await a.list('poll:')).map(l => l.name).sort()).toEqual([
      'poll:prod',
    ]);
  });
});
