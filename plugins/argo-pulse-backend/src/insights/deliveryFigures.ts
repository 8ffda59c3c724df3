import type {
  ArgoPulseDeliveryFigures,
  ArgoPulseDeploymentResultStatus,
  ArgoPulseDoraBand,
  ArgoPulseDurationFigure,
} from '@argo-pulse/backstage-plugin-common';

/** One row of the history, as the figures need it. */
export interface DeliveryRow {
  /** `instance/namespace/name` of the application. */
  application: string;
  /** Absent for a failed sync. */
  historyId?: number;
  finishedAt: string;
  status: ArgoPulseDeploymentResultStatus;
  healthyAfterSeconds?: number;
  /** Whether it went back to an earlier deployment. */
  rollback: boolean;
  /** The author date of its commit, when known. */
  committedAt?: string;
}

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * DORA's bands (State of DevOps Report 2023): the lower limit of each, from
 * elite down; anything past the last is low.
 */
const BANDS = {
  /** Deployments per day: on demand (daily or more), weekly, monthly. */
  frequency: [1, 1 / 7, 1 / 30],
  /** Lead time for changes: under a day, a week, a month. */
  leadTimeSeconds: [DAY, 7 * DAY, 30 * DAY],
  /** Change failure rate: 5 %, 10 %, 15 %. */
  changeFailureRate: [0.05, 0.1, 0.15],
  /** Failed deployment recovery time: under an hour, a day, a week. */
  timeToRestoreSeconds: [HOUR, DAY, 7 * DAY],
};

const ORDER: ArgoPulseDoraBand[] = ['elite', 'high', 'medium', 'low'];

/** The band of a figure where more is better (frequency). */
function bandAtLeast(value: number, limits: number[]): ArgoPulseDoraBand {
  const index = limits.findIndex(limit => value >= limit);
  return ORDER[index === -1 ? 3 : index];
}

/** The band of a figure where less is better (durations, failure rate). */
function bandAtMost(
  value: number,
  limits: number[],
  strict: boolean,
): ArgoPulseDoraBand {
  const index = limits.findIndex(limit =>
    strict ? value < limit : value <= limit,
  );
  return ORDER[index === -1 ? 3 : index];
}

/** The value below which `share` of the sorted samples lie (nearest rank). */
function percentile(sorted: number[], share: number): number {
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)];
}

function durationFigure(
  samples: number[],
  limits: number[],
): ArgoPulseDurationFigure | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const median = percentile(sorted, 0.5);
  return {
    medianSeconds: median,
    p90Seconds: percentile(sorted, 0.9),
    count: sorted.length,
    band: bandAtMost(median, limits, true),
  };
}

const seconds = (iso: string) => Date.parse(iso) / 1000;
const FAILING = new Set<ArgoPulseDeploymentResultStatus>([
  'degraded',
  'failed',
]);

/** When a healthy deployment was Healthy: its end, plus the time to Healthy where known. */
const healthyAt = (row: DeliveryRow) =>
  seconds(row.finishedAt) + (row.healthyAfterSeconds ?? 0);

/**
 * DORA's four keys over `days`, from the rows of the window (all
 * applications together), counting what cannot be decided as such:
 * - frequency: successful syncs per day;
 * - lead time: commit author date to Healthy, for healthy deployments whose commit date is known;
 * - change failure rate: degraded deployments, failed syncs, and deployments
 *   a rollback undid, over all that settled (healthy, degraded, failed,
 *   superseded); `unknown` and `progressing` rows are `unsettled`;
 * - time to restore: from the first failing deployment of a streak to the
 *   next healthy deployment of the same application.
 */
export function deliveryFigures(
  rows: DeliveryRow[],
  days: number,
): ArgoPulseDeliveryFigures {
  const syncs = rows.filter(r => r.historyId !== undefined);
  const perDay = syncs.length / days;
  const byApplication = new Map<string, DeliveryRow[]>();
  for (const row of [...rows].sort((a, b) =>
    a.finishedAt.localeCompare(b.finishedAt),
  ))
    byApplication.set(row.application, [
      ...(byApplication.get(row.application) ?? []),
      row,
    ]);

  // A deployment a rollback undid failed, whatever its own result said.
  const undone = new Set<DeliveryRow>();
  const restores: number[] = [];
  for (const history of byApplication.values()) {
    let failingSince: number | undefined;
    history.forEach((row, index) => {
      if (row.rollback) {
        const previous = history
          .slice(0, index)
          .reverse()
          .find(r => r.historyId !== undefined);
        if (previous) undone.add(previous);
      }
      if (FAILING.has(row.status)) {
        failingSince ??= seconds(row.finishedAt);
      } else if (row.status === 'healthy' && failingSince !== undefined) {
        restores.push(healthyAt(row) - failingSince);
        failingSince = undefined;
      }
    });
  }

  const settled = rows.filter(
    r => r.status !== 'unknown' && r.status !== 'progressing',
  );
  const failures = settled.filter(
    r => FAILING.has(r.status) || undone.has(r),
  ).length;
  const leadTimes = syncs
    .filter(r => r.status === 'healthy' && r.committedAt)
    .map(r => healthyAt(r) - seconds(r.committedAt!))
    .filter(lead => lead >= 0);
  const leadTime = durationFigure(leadTimes, BANDS.leadTimeSeconds);
  const timeToRestore = durationFigure(restores, BANDS.timeToRestoreSeconds);
  return {
    deployments: syncs.length,
    failedSyncs: rows.length - syncs.length,
    frequency: {
      perDay,
      band: bandAtLeast(perDay, BANDS.frequency),
    },
    ...(leadTime ? { leadTime } : {}),
    ...(settled.length
      ? {
          changeFailureRate: {
            rate: failures / settled.length,
            failures,
            settled: settled.length,
            band: bandAtMost(
              failures / settled.length,
              BANDS.changeFailureRate,
              false,
            ),
          },
        }
      : {}),
    ...(timeToRestore ? { timeToRestore } : {}),
    unsettled: rows.length - settled.length,
  };
}
