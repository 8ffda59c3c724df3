import type {
  ArgoPulseApplicationDetail,
  ArgoPulseApplicationOverview,
  ArgoPulseDeployment,
  ArgoPulseDeploymentResult,
  ArgoPulseInstanceStatus,
} from '@argo-pulse/backstage-plugin-common';
import type { ArgoCdInstanceConfig } from '../config/readArgoPulseConfig';
import { argoCdUrl } from '../argocd/argoCdUrl';
import { deploymentEventKey } from '../database/deploymentIdentity';
import {
  applicationSetOf,
  syncOf,
  type StoredSummary,
} from '../database/applicationSummary';
import type { DeploymentResult } from '../database/deploymentResult';
import type { DeploymentOperations } from '../operations/deploymentOperations';
import { overviewRollout } from '../rollouts/presentRollout';
import { ociRevisionsOf } from '../polling/readApplication';
import type {
  ApplicationSnapshot,
  DeploymentPage,
  InstanceStatusRecord,
  StoredApplication,
} from '../database/types';

/**
 * A stored application's summary (or its whole snapshot) as the overview
 * route answers it. What only
 * `argo-pulse.application.detail.read` may see (Argo CD's operation and
 * health messages, why the application is unhealthy, a Rollout's steps and
 * messages) only `withDetail`; resources, conditions,
 * sources and destination never (they are the detail route's).
 */
export function toOverview(
  stored: StoredSummary,
  instance: ArgoCdInstanceConfig | undefined,
  options: { withDetail: boolean },
): ArgoPulseApplicationOverview {
  const s = stored.snapshot;
  const op = s.operation;
  return {
    ...whichApplication(stored, instance),
    // A summary says it; a whole snapshot (or a summary stored before it did) has the label.
    ...(s.applicationSet
      ? { applicationSet: s.applicationSet }
      : applicationSetOf((s as Partial<ApplicationSnapshot>).labels)),
    // A summary has it; a whole snapshot has the hydrations to find it by.
    sync:
      'hydrations' in s
        ? syncOf(s as Pick<ApplicationSnapshot, 'sync' | 'hydrations'>)
        : s.sync,
    health: options.withDetail ? s.health : { status: s.health.status },
    ...(op
      ? {
          operation: {
            phase: op.phase,
            ...(options.withDetail && op.message
              ? { message: op.message }
              : {}),
            ...(op.startedAt ? { startedAt: op.startedAt } : {}),
            ...(op.finishedAt ? { finishedAt: op.finishedAt } : {}),
          },
        }
      : {}),
    ...(options.withDetail && s.unhealthyResource
      ? { unhealthyResource: s.unhealthyResource }
      : {}),
    images: s.images,
    ...(s.rollouts?.length
      ? {
          rollouts: s.rollouts.map(r => overviewRollout(r, options.withDetail)),
        }
      : {}),
    ...(s.lastDeployedAt ? { lastDeployedAt: s.lastDeployedAt } : {}),
    ...(s.lastDeployedBy ? { lastDeployedBy: s.lastDeployedBy } : {}),
  };
}

/** A stored snapshot as the detail route answers it. */
export function toDetail(
  stored: StoredApplication,
  instance: ArgoCdInstanceConfig | undefined,
): ArgoPulseApplicationDetail {
  const s = stored.snapshot;
  return {
    ...whichApplication(stored, instance),
    resources: s.resources ?? [],
    ...(s.resourcesTruncated ? { resourcesTruncated: true } : {}),
    ...(s.unhealthyResource ? { unhealthyResource: s.unhealthyResource } : {}),
    ...(s.rollouts?.length ? { rollouts: s.rollouts } : {}),
    conditions: s.conditions,
    ...(s.operation ? { operation: s.operation } : {}),
    sources: s.sources,
    destination: s.destination,
  };
}

/** What the overview and the detail both say first: which application, where in Argo CD, as seen when. */
function whichApplication(
  stored: StoredSummary,
  instance: ArgoCdInstanceConfig | undefined,
) {
  const s = stored.snapshot;
  return {
    instance: s.instance,
    namespace: s.namespace,
    name: s.name,
    project: s.project,
    argoCdUrl: argoCdUrl(instance, s.namespace, s.name),
    observedAt: stored.observedAt,
  };
}

/**
 * One deployment as the history route answers it; the sync's message and the
 * sources (repository, path or chart, target revision) only `withDetail`
 * (`argo-pulse.application.detail.read`). Revisions and commits stay: they
 * say what was deployed. With `operations`, whether Argo CD can roll back to
 * it (see `rollbackAvailability`) and who started it from Backstage (see `startedBy`).
 */
export function toDeployment(
  item: DeploymentPage['items'][number],
  options: { withDetail: boolean; operations?: DeploymentOperations },
): ArgoPulseDeployment {
  const rollback = options.operations?.rollback(item);
  const startedFromBackstage = options.operations?.startedFromBackstage(item);
  const durationMs = item.startedAt
    ? Date.parse(item.finishedAt) - Date.parse(item.startedAt)
    : undefined;
  return {
    instance: item.instance,
    application: item.application,
    namespace: item.namespace,
    id: deploymentEventKey(item),
    ...(item.historyId !== undefined ? { historyId: item.historyId } : {}),
    // Argo CD's history holds successful syncs only; failed operations carry their phase.
    outcome:
      item.historyId !== undefined
        ? 'Succeeded'
        : item.syncResult?.phase ?? 'Failed',
    // A hydrated application's deployment is the dry commit's; the hydrated one is detail.
    ...(item.dryRevision
      ? { revisions: [item.dryRevision], hydratedRevision: item.revisions[0] }
      : { revisions: item.revisions }),
    sources: options.withDetail ? item.sources : [],
    ...(item.startedAt ? { startedAt: item.startedAt } : {}),
    finishedAt: item.finishedAt,
    ...(durationMs !== undefined && durationMs >= 0
      ? { durationSeconds: Math.round(durationMs / 1000) }
      : {}),
    ...(item.initiatedBy ? { initiatedBy: item.initiatedBy } : {}),
    images: item.images,
    ...(item.syncResult
      ? {
          syncResult: options.withDetail
            ? item.syncResult
            : { phase: item.syncResult.phase },
        }
      : {}),
    ...presentRevisionMetadata(item, options.withDetail),
    ...(item.missedBefore ? { missedBefore: item.missedBefore } : {}),
    ...(item.result
      ? { result: presentResult(item.result, options.withDetail) }
      : {}),
    ...(item.rollbackOf ? { rollbackOf: item.rollbackOf } : {}),
    ...(rollback ? { rollback } : {}),
    ...(startedFromBackstage ? { startedFromBackstage } : {}),
  };
}

/**
 * A deployment's commits, and its OCI artifacts (Argo CD 3.1+): the metadata stored for a
 * digest of an OCI source describes the artifact, never a commit.
 */
function presentRevisionMetadata(
  item: DeploymentPage['items'][number],
  withDetail: boolean,
): Pick<ArgoPulseDeployment, 'commits' | 'oci'> {
  const artifacts = ociRevisionsOf(item);
  const digests = new Set(artifacts.map(a => a.revision));
  const stored = new Map(item.commits.map(c => [c.revision, c]));
  const commits = item.commits
    .filter(c => !digests.has(c.revision))
    .map(c => ({
      revision: c.revision,
      author: c.author,
      message: c.message,
      date: c.committedAt,
    }));
  if (!artifacts.length) return { commits };
  const oci = artifacts.map(({ revision, sourceIndex }) => {
    const metadata = stored.get(revision);
    const fields = {
      version: metadata?.oci?.version,
      createdAt: metadata?.committedAt,
      authors: metadata?.author,
      sourceUrl: metadata?.oci?.sourceUrl,
      description: metadata?.message,
      repoURL: withDetail ? item.sources[sourceIndex]?.repoURL : undefined,
    };
    return {
      sourceIndex,
      digest: revision,
      ...Object.fromEntries(
        Object.entries(fields).filter(([, value]) => value !== undefined),
      ),
    };
  });
  return { commits, oci };
}

/** A deployment's result as this caller may read it: a reason quoting Argo CD only with detail. */
function presentResult(
  result: DeploymentResult,
  withDetail: boolean,
): ArgoPulseDeploymentResult {
  const { reasonIsDetail, reason, ...rest } = result;
  return {
    ...rest,
    ...(reason && (withDetail || !reasonIsDetail) ? { reason } : {}),
  };
}

/**
 * Freshness of each named instance; one never polled yet is stale with no
 * data. Stale means no success within three polling intervals.
 */
export function toInstanceStatuses(
  names: string[],
  records: InstanceStatusRecord[],
  options: {
    pollingIntervalMs: number;
    now: Date;
    modes: ReadonlyMap<string, 'poll' | 'stream'>;
  },
): ArgoPulseInstanceStatus[] {
  return names.map(instance => {
    const record = records.find(r => r.instance === instance);
    const lastSuccess = record?.lastSuccessAt
      ? Date.parse(record.lastSuccessAt)
      : undefined;
    const failing = Boolean(record?.lastError);
    return {
      instance,
      ...(record?.lastSuccessAt ? { lastSuccessAt: record.lastSuccessAt } : {}),
      ...(record?.lastAttemptAt ? { lastAttemptAt: record.lastAttemptAt } : {}),
      ...(failing
        ? {
            error: {
              category: record!.lastErrorCategory ?? 'internal',
              message: record!.lastError!,
              at: record!.lastErrorAt!,
            },
          }
        : {}),
      applicationCount: record?.applicationCount ?? 0,
      ...(record?.cycleDurationMs !== undefined
        ? { lastCycleDurationMs: record.cycleDurationMs }
        : {}),
      ...(record?.cycleRequests !== undefined
        ? { lastCycleRequests: record.cycleRequests }
        : {}),
      mode: options.modes.get(instance) ?? 'poll',
      ...(record?.warnings.length ? { warnings: record.warnings } : {}),
      stale:
        lastSuccess === undefined ||
        options.now.getTime() - lastSuccess > 3 * options.pollingIntervalMs,
    };
  });
}
