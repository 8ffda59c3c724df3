// Deployment results in the store: decided when a poll writes an
// application's history, superseded when a newer deployment came first, and
// timed out by a sweep for applications whose state stopped changing.
import type { Knex } from 'knex';
import {
  DeploymentResult,
  rollbackOf,
  SettleOptions,
  settleNewest,
} from './deploymentResult';
import { chunks } from './chunks';
import { deploymentEventKey } from './deploymentIdentity';
import type {
  ApplicationKey,
  ApplicationSnapshot,
  DeploymentRecord,
  OverviewBatch,
} from './types';

const DEPLOYMENTS = 'argo_pulse_deployments';

/** The settling rules' defaults: `argoPulse.history.settleTimeout` and the expectations' grace. */
export const DEFAULT_SETTLE_OPTIONS: SettleOptions = {
  settleTimeoutMs: 10 * 60_000,
  degradedGraceMs: 2 * 60_000,
  acceptSuspended: false,
};

const appOf = (d: {
  instance: string;
  namespace: string;
  application: string;
}) => `${d.instance}/${d.namespace}/${d.application}`;

const byAge = (a: DeploymentRecord, b: DeploymentRecord) =>
  a.finishedAt.localeCompare(b.finishedAt) ||
  (a.historyId ?? -1) - (b.historyId ?? -1);

/** A result as the columns of its row. */
export function resultColumns(result: DeploymentResult) {
  return {
    result: result.status,
    result_reason: result.reason ?? null,
    result_reason_is_detail: result.reasonIsDetail ?? false,
    settled_at: result.settledAt ?? null,
    healthy_after_seconds: result.healthyAfterSeconds ?? null,
  };
}

/**
 * Each deployment of a poll's batch with its result and the deployment it
 * rolls back to: a failed operation failed; an application's newest history
 * entry is settled from the application as the poll saw it; an older entry
 * first seen now came and went between two polls, unwatched (`unknown`).
 */
export function decideBatch(
  batch: OverviewBatch,
  options: SettleOptions,
): Map<DeploymentRecord, { result: DeploymentResult; rollbackOf?: string }> {
  const apps = new Map<string, { snapshot: ApplicationSnapshot; at: string }>(
    batch.applications.map(a => [
      appOf({ ...a.snapshot, application: a.snapshot.name }),
      { snapshot: a.snapshot, at: a.observedAt },
    ]),
  );
  const groups = new Map<string, DeploymentRecord[]>();
  for (const d of batch.deployments)
    groups.set(appOf(d), [...(groups.get(appOf(d)) ?? []), d]);
  const decided = new Map<
    DeploymentRecord,
    { result: DeploymentResult; rollbackOf?: string }
  >();
  for (const [key, group] of groups) {
    const history = [...group].sort(byAge);
    const successful = history.filter(d => d.historyId !== undefined);
    const newest = successful[successful.length - 1];
    const app = apps.get(key);
    for (const d of history) {
      const earlier = rollbackOf(d, history);
      let result: DeploymentResult;
      if (d.historyId === undefined) {
        result = { status: 'failed', settledAt: d.finishedAt };
      } else if (d === newest) {
        result = app
          ? settleNewest(d, app.snapshot, app.at, options)
          : { status: 'progressing' };
      } else {
        result = { status: 'unknown' };
      }
      decided.set(d, {
        result,
        ...(earlier ? { rollbackOf: deploymentEventKey(earlier) } : {}),
      });
    }
  }
  return decided;
}

/**
 * After a batch is written: an application's deployments still progressing
 * that are not its newest were superseded; a newest one stored progressing
 * by an earlier poll takes the result this poll decided.
 */
export async function settleStoredDeployments(
  tx: Knex,
  decided: Map<DeploymentRecord, { result: DeploymentResult }>,
  at: string,
): Promise<void> {
  const newest = [...decided].filter(
    ([d, { result }]) =>
      d.historyId !== undefined && result.status !== 'unknown',
  );
  for (const batch of chunks(newest)) {
    // Rows an earlier poll left progressing: usually none, so one read and nothing to write.
    const stored = await tx(DEPLOYMENTS)
      .where('result', 'progressing')
      .whereIn(
        ['instance', 'namespace', 'application'],
        batch.map(([d]) => [d.instance, d.namespace, d.application]),
      )
      .select('id', 'instance', 'namespace', 'application', 'event_key');
    if (stored.length === 0) continue;
    const newestOf = new Map(
      batch.map(([d, { result }]) => [
        appOf(d),
        { key: deploymentEventKey(d), result },
      ]),
    );
    const superseded: number[] = [];
    for (const row of stored) {
      const now = newestOf.get(appOf(row))!;
      if (row.event_key !== now.key) superseded.push(row.id);
      else if (now.result.status !== 'progressing')
        await tx(DEPLOYMENTS)
          .where({ id: row.id, result: 'progressing' })
          .update(resultColumns(now.result));
    }
    if (superseded.length)
      await tx(DEPLOYMENTS)
        .whereIn('id', superseded)
        .update({ result: 'superseded', settled_at: at });
  }
}

/**
 * Settles deployments still progressing well after their sync, from their
 * applications as stored: those whose state stopped changing get no new
 * batch, so a sweep decides them (degraded past the grace, or past the
 * settle timeout). Answers the applications whose deployment it settled.
 */
export async function settleOverdueDeployments(
  db: Knex,
  now: string,
  options: SettleOptions,
): Promise<ApplicationKey[]> {
  const cutoff = new Date(
    Date.parse(now) -
      Math.min(options.degradedGraceMs, options.settleTimeoutMs),
  ).toISOString();
  // A newer deployment of the application exists: this one was superseded (it left Argo CD's
  // history before a poll could say so).
  const newer = db(`${DEPLOYMENTS} as n`)
    .select(db.raw('1'))
    .where('n.instance', db.ref('d.instance'))
    .andWhere('n.namespace', db.ref('d.namespace'))
    .andWhere('n.application', db.ref('d.application'))
    .whereNotNull('n.history_id')
    .andWhere('n.finished_at', '>', db.ref('d.finished_at'));
  const rows = await db(`${DEPLOYMENTS} as d`)
    .leftJoin('argo_pulse_applications as a', join =>
      join
        .on('a.instance', 'd.instance')
        .andOn('a.namespace', 'd.namespace')
        .andOn('a.name', 'd.application'),
    )
    .where('d.result', 'progressing')
    .where('d.finished_at', '<', cutoff)
    .limit(500)
    .select(
      'd.id',
      'd.instance',
      'd.namespace',
      'd.application',
      'd.finished_at',
      'd.revisions',
      'a.snapshot',
      'a.deleted_at',
      db.raw('exists ? as superseded', [newer]),
    );
  const settled: ApplicationKey[] = [];
  for (const row of rows) {
    const snapshot: ApplicationSnapshot | undefined =
      row.snapshot && !row.deleted_at ? JSON.parse(row.snapshot) : undefined;
    const result: DeploymentResult = Number(row.superseded)
      ? { status: 'superseded', settledAt: now }
      : settleNewest(
          { finishedAt: row.finished_at, revisions: JSON.parse(row.revisions) },
          snapshot,
          now,
          options,
        );
    if (result.status === 'progressing') continue;
    const updated = await db(DEPLOYMENTS)
      .where({ id: row.id, result: 'progressing' })
      .update(resultColumns(result));
    if (updated)
      settled.push({
        instance: row.instance,
        namespace: row.namespace,
        name: row.application,
      });
  }
  return settled;
}
