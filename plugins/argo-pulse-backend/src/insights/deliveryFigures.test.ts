import { deliveryFigures, DeliveryRow } from './deliveryFigures';

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
