import { json, orUndefined, parseJson } from './columns';
import { deploymentEventKey } from './deploymentIdentity';
import type { DeploymentResult } from './deploymentResult';
import { resultColumns } from './deploymentResults';
import type { DeploymentRecord } from './types';

/** A deployment as a row of `argo_pulse_deployments`. */
export function deploymentRow(d: DeploymentRecord) {
  return {
    instance: d.instance,
    namespace: d.namespace,
    application: d.application,
    history_id: d.historyId ?? null,
    event_key: deploymentEventKey(d),
    revisions: json(d.revisions),
    // Only when known: a row written before hydrated applications has no such column.
    ...(d.dryRevision ? { dry_revision: d.dryRevision } : {}),
    sources: json(d.sources),
    started_at: d.startedAt ?? null,
    finished_at: d.finishedAt,
    initiated_by: d.initiatedBy ? json(d.initiatedBy) : null,
    images: json(d.images),
    images_from: d.imagesSettled ? 'running' : null,
    sync_result: d.syncResult ? json(d.syncResult) : null,
    missed_before: d.missedBefore ?? null,
    // Only when decided: a row written by code that predates results has neither column.
    ...(d.result ? resultColumns(d.result) : {}),
    ...(d.rollbackOf ? { rollback_of: d.rollbackOf } : {}),
  };
}

/** A stored result, if the row has one. */
function resultFromRow(r: Record<string, any>): DeploymentResult | undefined {
  if (!r.result) return undefined;
  return {
    status: r.result,
    ...(r.result_reason
      ? {
          reason: r.result_reason,
          reasonIsDetail: Boolean(r.result_reason_is_detail),
        }
      : {}),
    ...(r.settled_at ? { settledAt: r.settled_at } : {}),
    ...(r.healthy_after_seconds !== null &&
    r.healthy_after_seconds !== undefined
      ? { healthyAfterSeconds: Number(r.healthy_after_seconds) }
      : {}),
  };
}

/** A row of `argo_pulse_deployments` as a deployment; stored images are the settled ones. */
export function deploymentFromRow(r: Record<string, any>): DeploymentRecord {
  return {
    instance: r.instance,
    namespace: r.namespace,
    application: r.application,
    ...(r.history_id === null || r.history_id === undefined
      ? {}
      : { historyId: Number(r.history_id) }),
    revisions: JSON.parse(r.revisions),
    ...(r.dry_revision ? { dryRevision: r.dry_revision } : {}),
    sources: JSON.parse(r.sources),
    startedAt: orUndefined(r.started_at),
    finishedAt: r.finished_at,
    initiatedBy: parseJson(r.initiated_by),
    images: JSON.parse(r.images),
    imagesSettled: true,
    syncResult: parseJson(r.sync_result),
    ...(r.missed_before ? { missedBefore: Number(r.missed_before) } : {}),
    ...(r.result ? { result: resultFromRow(r) } : {}),
    ...(r.rollback_of ? { rollbackOf: r.rollback_of } : {}),
  };
}

/**
 * The revisions whose commits describe a deployment: the dry commit of a
 * hydrated application (the one CI made, not Argo CD's hydrated commit), else
 * Argo CD's revisions.
 */
export function commitRevisionsOf(
  deployment: Pick<DeploymentRecord, 'revisions' | 'dryRevision'>,
): string[] {
  return deployment.dryRevision
    ? [deployment.dryRevision]
    : deployment.revisions;
}
