import type { ArgoPulseDeployment } from '@argo-pulse/backstage-plugin-common';
import {
  applicationKeyString,
  ArgoPulseStore,
} from '../database/ArgoPulseStore';
import type {
  ApplicationKey,
  ApplicationSnapshot,
  DeploymentRecord,
} from '../database/types';
import { AUTO_SYNC_REASON } from './argoCdRefusal';
import type { OperationRecord, OperationStore } from './OperationStore';

/**
 * A deployment started from Backstage is one whose start (its finish, when
 * Argo CD does not say when it started) comes at most this long after a sync
 * or rollback a user started there on the same application: Argo CD starts
 * the operation within seconds, and a long wait for the previous one to end
 * stays under a few minutes.
 */
export const STARTED_WITHIN_MS = 3 * 60_000;
/** Argo CD writes its times to the second, and its clock is not ours: a start this much before the request still counts. */
export const CLOCK_SKEW_MS = 5_000;

/** What the history presenter adds to each deployment about acting from Backstage. */
export interface DeploymentOperations {
  rollback(item: DeploymentRecord): ArgoPulseDeployment['rollback'] | undefined;
  startedFromBackstage(
    item: DeploymentRecord,
  ): ArgoPulseDeployment['startedFromBackstage'] | undefined;
}

const keyOf = (d: DeploymentRecord): ApplicationKey => ({
  instance: d.instance,
  namespace: d.namespace,
  name: d.application,
});

/**
 * Whether Argo CD can roll the application back to this deployment now.
 *
 * It is decided on what the poller stored of the application
 * (`snapshot.rollback`, written with every change of it): the ids and times
 * of the entries in Argo CD's `status.history` now, its limit, its auto-sync.
 * Deriving the entries from our own history rows instead (the last
 * `revisionHistoryLimit` successful ones) would guess wrong after a missed
 * gap or a re-created application, and the snapshot changes whenever the
 * history does. Possible when the entry is still among Argo CD's (same id and
 * time), is not the newest (what runs now), and auto-sync is off (Argo CD
 * refuses a rollback under auto-sync, which would undo it). Absent for failed
 * operations, and for applications stored before the snapshot kept this
 * (until they next change).
 */
export function rollbackAvailability(
  item: DeploymentRecord,
  facts: ApplicationSnapshot['rollback'],
): ArgoPulseDeployment['rollback'] | undefined {
  if (item.historyId === undefined || !facts) return undefined;
  const entry = facts.history.find(
    h => h.id === item.historyId && h.deployedAt === item.finishedAt,
  );
  if (!entry)
    return {
      possible: false,
      reason: `not in Argo CD's last ${facts.historyLimit} deployments`,
    };
  const newest = Math.max(...facts.history.map(h => h.id));
  if (entry.id === newest) return { possible: false, reason: 'it runs now' };
  if (facts.autoSync) return { possible: false, reason: AUTO_SYNC_REASON };
  return { possible: true };
}

/**
 * The sync or rollback started from Backstage that this deployment followed:
 * the latest one on the same application requested at most
 * `STARTED_WITHIN_MS` before the deployment started (`CLOCK_SKEW_MS` after
 * allowed). A deployment Argo CD says its auto-sync started is never one.
 */
export function startedBy(
  item: DeploymentRecord,
  operations: OperationRecord[],
): OperationRecord | undefined {
  if (item.initiatedBy?.automated) return undefined;
  const at = Date.parse(item.startedAt ?? item.finishedAt);
  const key = applicationKeyString(keyOf(item));
  let found: OperationRecord | undefined;
  for (const op of operations) {
    const requested = Date.parse(op.requestedAt);
    if (
      applicationKeyString(op) === key &&
      requested <= at + CLOCK_SKEW_MS &&
      requested >= at - STARTED_WITHIN_MS &&
      (!found || requested > Date.parse(found.requestedAt))
    )
      found = op;
  }
  return found;
}

/**
 * Reads what the presenter needs for these deployments: their applications'
 * snapshots (for the rollback) and the operations started from Backstage
 * around them. Two reads, whatever the number of deployments.
 */
export async function deploymentOperations(
  options: { store: ArgoPulseStore; operationStore: OperationStore },
  items: DeploymentRecord[],
): Promise<DeploymentOperations> {
  const keys = new Map(
    items.map(d => [applicationKeyString(keyOf(d)), keyOf(d)]),
  );
  const times = items.map(d => Date.parse(d.startedAt ?? d.finishedAt));
  const [applications, operations] = await Promise.all([
    keys.size ? options.store.getApplications([...keys.values()]) : [],
    keys.size
      ? options.operationStore.startedOperations([...keys.values()], {
          from: new Date(Math.min(...times) - STARTED_WITHIN_MS).toISOString(),
          to: new Date(Math.max(...times) + CLOCK_SKEW_MS).toISOString(),
        })
      : [],
  ]);
  const facts = new Map(
    applications.map(a => [
      applicationKeyString(a.snapshot),
      a.snapshot.rollback,
    ]),
  );
  return {
    rollback: item =>
      rollbackAvailability(item, facts.get(applicationKeyString(keyOf(item)))),
    startedFromBackstage: item => {
      const op = startedBy(item, operations);
      return op && (op.action === 'sync' || op.action === 'rollback')
        ? { by: op.userRef, action: op.action }
        : undefined;
    },
  };
}
