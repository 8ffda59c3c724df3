import type { ArgoPulseInsightsResponse } from '@argo-pulse/backstage-plugin-common';
import { DateTime } from 'luxon';
import { duration } from '../format';

type Week = ArgoPulseInsightsResponse['weeks'][number];

/** The results a week's deployments are stacked by, bottom up, with the words a reader sees. */
export const RESULTS = [
  ['healthy', 'Healthy'],
  ['degraded', 'Degraded'],
  ['failed', 'Failed sync'],
  ['progressing', 'Progressing'],
  ['superseded', 'Superseded'],
  ['unknown', 'Not watched'],
] as const;

export type ResultKey = (typeof RESULTS)[number][0];

/** "Nov 30": the first day of a week (its 7 days end at the window's end). */
export function weekLabel(from: string): string {
  return DateTime.fromISO(from, { zone: 'utc' })
    .plus({ days: 1 })
    .toFormat('LLL d');
}

/** One point of the charts: a week's deployments by result, and its figures (hours, percent). */
export interface WeekPoint extends Partial<Record<ResultKey, number>> {
  week: string;
  deployments: number;
  leadTimeHours?: number;
  failureRatePercent?: number;
  restoreHours?: number;
}

const hours = (seconds: number) => Math.round((seconds / 3600) * 10) / 10;

/** The weeks as the charts plot them. */
export function weekPoints(weeks: Week[]): WeekPoint[] {
  return weeks.map(w => {
    const f = w.figures;
    const point: WeekPoint = {
      week: weekLabel(w.from),
      deployments: Object.values(w.byResult).reduce((a, b) => a + b, 0),
    };
    for (const [key] of RESULTS) point[key] = w.byResult[key] ?? 0;
    if (f.leadTime) point.leadTimeHours = hours(f.leadTime.medianSeconds);
    if (f.changeFailureRate)
      point.failureRatePercent = Math.round(f.changeFailureRate.rate * 100);
    if (f.timeToRestore)
      point.restoreHours = hours(f.timeToRestore.medianSeconds);
    return point;
  });
}

/** A week's figures in words, for the table beside the charts (and screen readers, and copy-paste). */
export function weekInWords(week: Week) {
  const f = week.figures;
  const byResult = RESULTS.filter(([key]) => week.byResult[key])
    .map(([key, word]) => `${week.byResult[key]} ${word.toLowerCase()}`)
    .join(', ');
  return {
    week: weekLabel(week.from),
    deployments: byResult || 'none',
    leadTime: f.leadTime ? duration(f.leadTime.medianSeconds) : '—',
    failureRate: f.changeFailureRate
      ? `${Math.round(f.changeFailureRate.rate * 100)} % (${
          f.changeFailureRate.failures
        } of ${f.changeFailureRate.settled})`
      : '—',
    restore: f.timeToRestore ? duration(f.timeToRestore.medianSeconds) : '—',
  };
}
