import {
  deliveryFigures,
  DeliveryRow,
  readDeliveryHistory,
} from './deliveryFigures';

const at = (day: number, hour: number) =>
  `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(
    2,
    '0',
  )}:00:00.000Z`;
let id = 0;
const row = (
  application: string,
  finishedAt: string,
  status: DeliveryRow['status'],
  more: Partial<DeliveryRow> = {},
): DeliveryRow => ({
  application,
  historyId: id++,
  finishedAt,
  status,
  rollback: false,
  ...more,
});

describe('deliveryFigures: the four keys, computed by hand', () => {
  // A: healthy, degraded, a failed sync, a rollback that restores, one never watched, one superseded, one settling.
  // B: healthy without a known commit, then a rollback that undoes it.
  const rows = [
    row('A', at(1, 10), 'healthy', {
      healthyAfterSeconds: 60,
      committedAt: at(1, 9),
    }),
    row('A', at(2, 10), 'degraded'),
    row('A', at(2, 12), 'failed', { historyId: undefined }),
    row('A', at(2, 13), 'healthy', {
      rollback: true,
      healthyAfterSeconds: 0,
      committedAt: at(1, 9),
    }),
    row('A', at(3, 10), 'unknown'),
    row('A', at(4, 10), 'superseded'),
    row('A', at(4, 11), 'progressing'),
    row('B', at(5, 10), 'healthy'),
    row('B', at(6, 10), 'healthy', { rollback: true }),
  ];

  it('over 30 days', () => {
    expect(deliveryFigures(rows, 30)).toEqual({
      deployments: 8,
      failedSyncs: 1,
      // 8 in 30 days: more than weekly, less than daily.
      frequency: { perDay: 8 / 30, band: 'high' },
      // 1 h 1 min (commit at 9:00, healthy at 10:01) and 28 h (the rollback's commit is a day old).
      leadTime: {
        medianSeconds: 3660,
        p90Seconds: 28 * 3600,
        count: 2,
        band: 'elite',
      },
      // The degraded one, the failed sync, and B's first, which a rollback undid: 3 of the 7 that settled.
      changeFailureRate: {
        rate: 3 / 7,
        failures: 3,
        settled: 7,
        band: 'low',
      },
      // A was failing from day 2 10:00 until the rollback was healthy at 13:00.
      timeToRestore: {
        medianSeconds: 3 * 3600,
        p90Seconds: 3 * 3600,
        count: 1,
        band: 'high',
      },
      unsettled: 2,
    });
  });

  it('nothing to measure: no figure is made up', () => {
    expect(deliveryFigures([], 7)).toEqual({
      deployments: 0,
      failedSyncs: 0,
      frequency: { perDay: 0, band: 'low' },
      unsettled: 0,
    });
    expect(deliveryFigures([row('A', at(1, 10), 'unknown')], 7)).toMatchObject({
      deployments: 1,
      unsettled: 1,
    });
    expect(
      deliveryFigures([row('A', at(1, 10), 'unknown')], 7).changeFailureRate,
    ).toBeUndefined();
  });

  it.each([
    [7, 7, 'elite'],
    [1, 7, 'high'],
    [1, 30, 'medium'],
    [1, 90, 'low'],
  ])('%i deployments in %i days: %s', (count, days, band) => {
    const daily = Array.from({ length: count }, (_, i) =>
      row('A', at(1 + (i % 28), 10), 'healthy'),
    );
    expect(deliveryFigures(daily, days).frequency.band).toBe(band);
  });
});

describe('deliveryFigures of a week, from the history of the whole window', () => {
  // Week 1 is November 1 to 7, week 2 November 8 to 14.
  // A: healthy, then failing from day 6 (degraded, then a failed sync) until healthy on day 8.
  // B: healthy on day 5, undone by a rollback on day 9.
  const aHealthy = row('A', at(2, 10), 'healthy', { committedAt: at(1, 10) });
  const bUndone = row('B', at(5, 10), 'healthy', { committedAt: at(5, 8) });
  const aDegraded = row('A', at(6, 10), 'degraded');
  const aFailedSync = row('A', at(7, 12), 'failed', { historyId: undefined });
  const aRestored = row('A', at(8, 10), 'healthy', {
    healthyAfterSeconds: 600,
    committedAt: at(8, 9),
  });
  const bRollback = row('B', at(9, 10), 'healthy', { rollback: true });
  const week1 = [aHealthy, bUndone, aDegraded, aFailedSync];
  // Given out of order: the history is read in order of time.
  const week2 = [bRollback, aRestored];
  const history = readDeliveryHistory([...week2, ...week1]);

  it('reads which deployments a rollback undid and which restored a failing streak', () => {
    expect([...history.undone]).toEqual([bUndone]);
    // From day 6 10:00 to Healthy on day 8 at 10:10: 48 h 10 min.
    expect([...history.restores]).toEqual([[aRestored, 48 * 3600 + 600]]);
  });

  it('week 1: the deployment a rollback undid the next week is a failure of this week; the streak is not restored yet', () => {
    expect(deliveryFigures(week1, 7, history)).toEqual({
      deployments: 3,
      failedSyncs: 1,
      frequency: { perDay: 3 / 7, band: 'high' },
      // B's 2 h (commit at 8:00, healthy at 10:00) and A's 24 h.
      leadTime: {
        medianSeconds: 2 * 3600,
        p90Seconds: 24 * 3600,
        count: 2,
        band: 'elite',
      },
      // The degraded one, the failed sync and B's, undone: 3 of 4.
      changeFailureRate: { rate: 3 / 4, failures: 3, settled: 4, band: 'low' },
      unsettled: 0,
    });
  });

  it('week 2: the streak begun in week 1 is restored in the week its healthy deployment came', () => {
    expect(deliveryFigures(week2, 7, history)).toEqual({
      deployments: 2,
      failedSyncs: 0,
      frequency: { perDay: 2 / 7, band: 'high' },
      // Commit at 9:00, Healthy at 10:10; the rollback's commit date is unknown.
      leadTime: {
        medianSeconds: 4200,
        p90Seconds: 4200,
        count: 1,
        band: 'elite',
      },
      changeFailureRate: { rate: 0, failures: 0, settled: 2, band: 'elite' },
      timeToRestore: {
        medianSeconds: 48 * 3600 + 600,
        p90Seconds: 48 * 3600 + 600,
        count: 1,
        band: 'medium',
      },
      unsettled: 0,
    });
  });

  it('each week read alone would miss what crosses its edge', () => {
    expect(deliveryFigures(week1, 7).changeFailureRate!.failures).toBe(2);
    expect(deliveryFigures(week2, 7).timeToRestore).toBeUndefined();
  });

  it('the weeks together make the figures of the whole window', () => {
    const both = deliveryFigures([...week1, ...week2], 14);
    expect(both).toEqual(deliveryFigures([...week1, ...week2], 14, history));
    expect(both.changeFailureRate).toMatchObject({ failures: 3, settled: 6 });
    expect(both.timeToRestore!.count).toBe(1);
  });
});
