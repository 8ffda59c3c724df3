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

/**
 * Median, p90 and count of durations in seconds, such as from CI posting an
 * expected version to its verdict `deployed`; undefined without any.
 */
export function durationSummary(
  samples: number[],
): Omit<ArgoPulseDurationFigure, 'band'> | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    medianSeconds: percentile(sorted, 0.5),
    p90Seconds: percentile(sorted, 0.9),
    count: sorted.length,
  };
}

/** A duration's summary with its DORA band, by the median. */
function durationFigure(
  samples: number[],
  limits: number[],
): ArgoPulseDurationFigure | undefined {
  const summary = durationSummary(samples);
  return (
    summary && {
      ...summary,
      band: bandAtMost(summary.medianSeconds, limits, true),
    }
  );
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
 * What each application's history says of its rows beyond their own
 * results, read in order of time: which deployments a rollback undid, and
 * which healthy deployments restored a failing streak. Read over a whole
 * window once, it serves the figures of any part of it (an environment, an
 * entity, a week): a streak is restored where its healthy deployment is.
 */
export interface DeliveryHistory {
  /** Deployments a later rollback undid: failures, whatever their own result said. */
  undone: Set<DeliveryRow>;
  /**
   * The healthy deployments that ended a failing streak of their
   * application, each with the seconds from the streak's first failing
   * deployment to its being Healthy.
   */
  restores: Map<DeliveryRow, number>;
}

/** Reads the rows' history, application by application (see DeliveryHistory). */
export function readDeliveryHistory(rows: DeliveryRow[]): DeliveryHistory {
  const byApplication = new Map<string, DeliveryRow[]>();
  for (const row of rows) {
    const history = byApplication.get(row.application);
    if (history) history.push(row);
    else byApplication.set(row.application, [row]);
  }
  const undone = new Set<DeliveryRow>();
  const restores = new Map<DeliveryRow, number>();
  for (const history of byApplication.values()) {
    history.sort((a, b) => a.finishedAt.localeCompare(b.finishedAt));
    let failingSince: number | undefined;
    let previousSync: DeliveryRow | undefined;
    for (const row of history) {
      // A rollback undoes the sync before it (a failed sync changed nothing).
      if (row.rollback && previousSync) undone.add(previousSync);
      if (row.historyId !== undefined) previousSync = row;
      if (FAILING.has(row.status)) {
        failingSince ??= seconds(row.finishedAt);
      } else if (row.status === 'healthy' && failingSince !== undefined) {
        restores.set(row, healthyAt(row) - failingSince);
        failingSince = undefined;
      }
    }
  }
  return { undone, restores };
}

/**
 * DORA's four keys over `days`, from the rows of a span (all applications
 * together), counting what cannot be decided as such:
 * - frequency: successful syncs per day;
 * - lead time: commit author date to Healthy, for healthy deployments whose commit date is known;
 * - change failure rate: degraded deployments, failed syncs, and deployments
 *   a rollback undid, over all that settled (healthy, degraded, failed,
 *   superseded); `unknown` and `progressing` rows are `unsettled`;
 * - time to restore: from the first failing deployment of a streak to the
 *   next healthy deployment of the same application, counted where that
 *   healthy deployment is.
 *
 * `history` is what the applications' whole history in the window says of
 * the rows (default: read from the rows alone); give it when the rows are
 * part of a longer span, such as a week of the window, so a rollback or a
 * restore across the span's edge is seen.
 */
export function deliveryFigures(
  rows: DeliveryRow[],
  days: number,
  history: DeliveryHistory = readDeliveryHistory(rows),
): ArgoPulseDeliveryFigures {
  const syncs = rows.filter(r => r.historyId !== undefined);
  const perDay = syncs.length / days;
  const restores = rows.flatMap(r => {
    const restore = history.restores.get(r);
    return restore === undefined ? [] : [restore];
  });
  const settled = rows.filter(
    r => r.status !== 'unknown' && r.status !== 'progressing',
  );
  const failures = settled.filter(
    r => FAILING.has(r.status) || history.undone.has(r),
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
