import type {
  ArgoCdApplication,
  ArgoCdApplicationTree,
  ArgoCdApplicationSource,
  ArgoCdRevisionHistory,
  ArgoPulseSource,
} from '@argo-pulse/backstage-plugin-common';
import type {
  ApplicationSnapshot,
  DeploymentRecord,
  HydrationRecord,
} from '../database/types';
import { commitRevisionsOf } from '../database/deploymentRows';
import { notableSyncResults, summarizeResources } from './summarizeResources';

/** Argo CD writes times with second precision; we store them normalized. */
export function isoTime(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function toSource(source: ArgoCdApplicationSource): ArgoPulseSource {
  return {
    repoURL: source.repoURL ?? '',
    ...(source.path !== undefined ? { path: source.path } : {}),
    ...(source.chart !== undefined ? { chart: source.chart } : {}),
    ...(source.targetRevision !== undefined
      ? { targetRevision: source.targetRevision }
      : {}),
    ...(source.ref !== undefined ? { ref: source.ref } : {}),
  };
}

/**
 * `spec.sources` or `[spec.source]`, whichever the application uses; for a
 * hydrated application, what it syncs (Argo CD's `GetSyncSource`): the
 * hydrated manifests' repository, path and branch.
 */
export function sourcesOf(app: ArgoCdApplication): ArgoPulseSource[] {
  const spec = app.spec;
  const hydrator = spec?.sourceHydrator;
  if (hydrator) {
    return [
      toSource({
        repoURL: hydrator.syncSource?.repoURL ?? hydrator.drySource?.repoURL,
        path: hydrator.syncSource?.path,
        targetRevision: hydrator.syncSource?.targetBranch,
      }),
    ];
  }
  return (spec?.sources ?? (spec?.source ? [spec.source] : [])).map(toSource);
}

/**
 * A hydrated application's hydrations that Argo CD still reports (the last
 * successful one, and the current one once it is Hydrated): which dry
 * commit each synced hydrated commit was made from. Empty for other applications.
 */
export function hydrationsOf(app: ArgoCdApplication): HydrationRecord[] {
  if (!app.spec?.sourceHydrator) return [];
  const status = app.status?.sourceHydrator;
  const found: HydrationRecord[] = [];
  // The current operation counts once it is done: hydrating or failed, its SHAs are not a pair yet.
  const current =
    status?.currentOperation?.phase === 'Hydrated'
      ? status.currentOperation
      : undefined;
  for (const op of [current, status?.lastSuccessfulOperation]) {
    if (
      op?.drySHA &&
      op.hydratedSHA &&
      !found.some(h => h.hydratedSHA === op.hydratedSHA)
    )
      found.push({ drySHA: op.drySHA, hydratedSHA: op.hydratedSHA });
  }
  return found;
}

/** `{ dryRevision }` when the (single) revision is a hydrated commit whose dry commit Argo CD reports. */
function dryRevisionOf(
  hydrations: HydrationRecord[],
  revisions: string[],
): { dryRevision?: string } {
  const hydration =
    revisions.length === 1
      ? hydrations.find(h => h.hydratedSHA === revisions[0])
      : undefined;
  return hydration ? { dryRevision: hydration.drySHA } : {};
}

/** Plural or singular revision fields, as one list. */
function revisionsOf(
  holder: { revision?: string; revisions?: string[] } | undefined,
): string[] {
  if (!holder) return [];
  return holder.revisions ?? (holder.revision ? [holder.revision] : []);
}

/**
 * What Argo Pulse keeps of a full Application (from `GET /applications/{name}`)
 * and its resource tree: the overview, and the detail that only some may read.
 */
export function toSnapshot(
  instance: string,
  app: ArgoCdApplication,
  tree?: ArgoCdApplicationTree,
): ApplicationSnapshot {
  const status = app.status ?? {};
  const op = status.operationState;
  const history = status.history ?? [];
  return {
    instance,
    namespace: app.metadata?.namespace ?? '',
    name: app.metadata?.name ?? '',
    project: app.spec?.project ?? 'default',
    labels: app.metadata?.labels ?? {},
    sync: {
      status: status.sync?.status ?? 'Unknown',
      revisions: revisionsOf(status.sync),
    },
    health: {
      status: status.health?.status ?? 'Unknown',
      ...(status.health?.message ? { message: status.health.message } : {}),
    },
    ...(op?.phase
      ? {
          operation: {
            phase: op.phase,
            ...(op.message ? { message: op.message } : {}),
            ...(isoTime(op.startedAt)
              ? { startedAt: isoTime(op.startedAt) }
              : {}),
            ...(isoTime(op.finishedAt)
              ? { finishedAt: isoTime(op.finishedAt) }
              : {}),
            ...(revisionsOf(op.syncResult).length
              ? { revisions: revisionsOf(op.syncResult) }
              : {}),
            ...(notableSyncResults(app).length
              ? { resourceResults: notableSyncResults(app) }
              : {}),
          },
        }
      : {}),
    images: status.summary?.images ?? [],
    sources: sourcesOf(app),
    destination: { ...app.spec?.destination },
    conditions: (status.conditions ?? []).map(c => ({
      type: c.type ?? 'Unknown',
      ...(c.message ? { message: c.message } : {}),
      ...(isoTime(c.lastTransitionTime)
        ? { lastTransitionTime: isoTime(c.lastTransitionTime) }
        : {}),
    })),
    ...resourcesOf(app, tree),
    lastDeployedAt: isoTime(history[history.length - 1]?.deployedAt),
    ...lastDeployedBy(app),
    reconciledAt: isoTime(status.reconciledAt),
    ...(hydrationsOf(app).length ? { hydrations: hydrationsOf(app) } : {}),
    rollback: rollbackFacts(app),
  };
}

/** Argo CD keeps this many history entries unless `spec.revisionHistoryLimit` says otherwise. */
export const DEFAULT_HISTORY_LIMIT = 10;

/** The snapshot's `rollback`: Argo CD's history ids now, its limit and its auto-sync. */
function rollbackFacts(
  app: ArgoCdApplication,
): NonNullable<ApplicationSnapshot['rollback']> {
  const automated = app.spec?.syncPolicy?.automated as
    | { enabled?: boolean }
    | undefined;
  return {
    history: (app.status?.history ?? []).flatMap(entry => {
      const deployedAt = isoTime(entry.deployedAt);
      return entry.id === undefined || !deployedAt
        ? []
        : [{ id: Number(entry.id), deployedAt }];
    }),
    historyLimit: app.spec?.revisionHistoryLimit ?? DEFAULT_HISTORY_LIMIT,
    autoSync: automated !== undefined && automated.enabled !== false,
  };
}

/** Who started the newest history entry: the entry says (Argo CD 2.9+), else the last operation if it produced that entry. */
function lastDeployedBy(app: ArgoCdApplication) {
  const newest = toDeployments('', app)
    .filter(d => d.historyId !== undefined)
    .pop();
  return newest?.initiatedBy ? { lastDeployedBy: newest.initiatedBy } : {};
}

function resourcesOf(
  app: ArgoCdApplication,
  tree: ArgoCdApplicationTree | undefined,
) {
  const { resources, truncated } = summarizeResources(app, tree);
  return { resources, ...(truncated ? { resourcesTruncated: true } : {}) };
}

/** Settled: the new version is fully live, so the images running are the deployment's. */
function isSettled(app: ArgoCdApplication): boolean {
  const status = app.status;
  return (
    status?.sync?.status === 'Synced' &&
    status.health?.status === 'Healthy' &&
    status.operationState?.phase !== 'Running'
  );
}

function sameRevisions(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** Who started a deployment, when Argo CD says. */
function initiatorOf(
  initiatedBy: { username?: string; automated?: boolean } | undefined,
) {
  return initiatedBy && (initiatedBy.username || initiatedBy.automated)
    ? { initiatedBy: { ...initiatedBy } }
    : {};
}

/**
 * One deployment record per `status.history` entry, and one for the last
 * operation if it failed. The images are known
 * only for the newest entry (what runs now); they count as settled once the
 * app is Synced and Healthy at that revision. Until then they are
 * provisional (mid-rollout they mix old and new); an entry superseded before
 * it settled, or never seen as the newest, gets the images of the manifests
 * at its revisions later (see `recoverImages`). The sync result is Argo CD's
 * last operation, when it is the one that produced the entry; so is the
 * initiator, when the history entry does not name one (older Argo CD).
 */
export function toDeployments(
  instance: string,
  app: ArgoCdApplication,
): DeploymentRecord[] {
  const history: ArgoCdRevisionHistory[] = app.status?.history ?? [];
  const op = app.status?.operationState;
  const currentRevisions = revisionsOf(app.status?.sync);
  const hydrations = hydrationsOf(app);
  const fromHistory = history.flatMap((entry, index): DeploymentRecord[] => {
    const finishedAt = isoTime(entry.deployedAt);
    if (entry.id === undefined || !finishedAt) return [];
    const revisions = revisionsOf(entry);
    const newest = index === history.length - 1;
    const producedByLastOperation =
      op?.phase &&
      isoTime(op.finishedAt) === finishedAt &&
      sameRevisions(revisionsOf(op.syncResult), revisions);
    const entrySources = entry.sources ?? (entry.source ? [entry.source] : []);
    return [
      {
        instance,
        namespace: app.metadata?.namespace ?? '',
        application: app.metadata?.name ?? '',
        historyId: Number(entry.id),
        revisions,
        ...dryRevisionOf(hydrations, revisions),
        sources: entrySources.map(toSource),
        startedAt: isoTime(entry.deployStartedAt),
        finishedAt,
        ...initiatorOf(
          entry.initiatedBy ??
            (producedByLastOperation ? op?.operation?.initiatedBy : undefined),
        ),
        images: newest ? app.status?.summary?.images ?? [] : [],
        imagesSettled:
          newest &&
          isSettled(app) &&
          sameRevisions(revisions, currentRevisions),
        ...(producedByLastOperation
          ? {
              syncResult: {
                phase: op!.phase!,
                ...(op!.message ? { message: op!.message } : {}),
              },
            }
          : {}),
      },
    ];
  });
  const failed = failedOperation(instance, app);
  return failed ? [...fromHistory, failed] : fromHistory;
}

/** Phases of an operation that finished without a history entry: Argo CD adds one only for a successful sync. */
const FAILED_PHASES = new Set(['Failed', 'Error']);

/**
 * The last operation, when it finished and failed (or errored, or was
 * terminated, which Argo CD reports as Failed): it is history too, though
 * Argo CD keeps it only in `status.operationState` until the next operation.
 */
function failedOperation(
  instance: string,
  app: ArgoCdApplication,
): DeploymentRecord | undefined {
  const op = app.status?.operationState;
  const finishedAt = isoTime(op?.finishedAt);
  if (!op?.phase || !FAILED_PHASES.has(op.phase) || !finishedAt)
    return undefined;
  const revisions = revisionsOf(op.syncResult).length
    ? revisionsOf(op.syncResult)
    : revisionsOf(op.operation?.sync);
  return {
    instance,
    namespace: app.metadata?.namespace ?? '',
    application: app.metadata?.name ?? '',
    revisions,
    ...dryRevisionOf(hydrationsOf(app), revisions),
    sources: sourcesOf(app),
    startedAt: isoTime(op.startedAt),
    finishedAt,
    ...initiatorOf(op.operation?.initiatedBy),
    images: [],
    imagesSettled: false,
    syncResult: {
      phase: op.phase,
      ...(op.message ? { message: op.message } : {}),
    },
  };
}

/**
 * Whether a source is an OCI artifact (Argo CD 3.1+, `repoURL: oci://…`): its revisions are
 * manifest digests (`sha256:…`) with OCIMetadata, neither git commits nor chart versions.
 */
export function isOciSource(source: { repoURL?: string } | undefined): boolean {
  return source?.repoURL?.startsWith('oci://') ?? false;
}

/**
 * The git revisions of a deployment whose commit metadata is worth asking
 * for: sources that are neither Helm charts (versioned, not committed), OCI
 * artifacts (see `ociRevisionsOf`) nor value-file references. For a hydrated
 * application, its dry commit: Argo CD's repo server reads any commit of the
 * repository, and the dry and hydrated branches share one unless
 * `syncSource.repoURL` says otherwise.
 */
export function gitRevisionsOf(
  deployment: DeploymentRecord,
): Array<{ revision: string; sourceIndex: number }> {
  return commitRevisionsOf(deployment).flatMap((revision, sourceIndex) => {
    const source = deployment.sources[sourceIndex];
    if (
      !source ||
      source.chart !== undefined ||
      source.ref !== undefined ||
      isOciSource(source)
    )
      return [];
    return [{ revision, sourceIndex }];
  });
}

/** The digests of a deployment's OCI sources, whose OCIMetadata is worth asking for. */
export function ociRevisionsOf(
  deployment: DeploymentRecord,
): Array<{ revision: string; sourceIndex: number }> {
  return deployment.revisions.flatMap((revision, sourceIndex) =>
    isOciSource(deployment.sources[sourceIndex]) && revision
      ? [{ revision, sourceIndex }]
      : [],
  );
}
