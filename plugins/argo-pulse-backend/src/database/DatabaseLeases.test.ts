import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseLeases } from './DatabaseLeases';
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
});
