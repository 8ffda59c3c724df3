import type {
  ArgoCdApplicationSource,
  ArgoCdOperation,
  ArgoCdOperationState,
} from '@argo-pulse/backstage-plugin-common';
import { commitMetadata, nextGitRevision } from './commits';
import { isHelmChartSource } from './buildApplication';
import { hydrate } from './hydrator';
import { k8sTime } from './ids';
import {
  isExactTag,
  isOciSource,
  nextOciDigest,
  ociMetadata,
  releasedVersion,
} from './ociArtifacts';
import {
  managedObjects,
  resourceStatuses,
  syncResultResources,
  workloadNameIn,
} from './resources';
import {
  currentRevisions,
  isHydrated,
  isMultiSource,
  revisionFields,
  revisionsKey,
  SimApplication,
  sourceFields,
  sourcesOf,
} from './SimApplication';
import { imagesAfterRollout } from './workloads';

/** Argo CD keeps this many entries in `status.history` (revisionHistoryLimit's default). */
export const HISTORY_LIMIT = 10;

/** What a rollout carries from one step to the next. */
export interface RolloutContext {
  instance: string;
  images: string[];
  /** Set by the first step: the revisions being rolled out, one per source. */
  revisions: string[];
  /** Set by the first step for a hydrated application: the dry commit hydrated into `revisions[0]`. */
  dryRevision?: string;
  /** The images live before the rollout. */
  previousImages: string[];
  revision?: string;
  chartVersion?: string;
  /** The tag CI published, for OCI sources. */
  ociVersion?: string;
  author?: string;
  message?: string;
  failureMessage?: string;
  initiatedBy?: string;
  now: Date;
  /** A sync someone asked for through the API (`POST .../sync` or `.../rollback`), as set on the Application. */
  operation?: ArgoCdOperation;
  /** The sources the sync deploys when they are not the spec's (a rollback: the history entry's). */
  sources?: ArgoCdApplicationSource[];
  /** A dry run: the operation succeeds and nothing changes. */
  dryRun?: boolean;
  /** A sync of selected resources only: Argo CD records no history entry for it. */
  partial?: boolean;
}

function objectsOf(app: SimApplication, images = app.desiredImages) {
  return managedObjects(
    images,
    app.doc.spec.destination!.namespace!,
    app.rollout,
  );
}

/** Which source a rollout changes: the first OCI source, else the first git source with a path, else the first chart. */
function changedSourceIndex(app: SimApplication): number {
  const sources = sourcesOf(app);
  const oci = sources.findIndex(isOciSource);
  if (oci >= 0) return oci;
  const git = sources.findIndex(
    s => !isHelmChartSource(s) && s.ref === undefined,
  );
  return git >= 0 ? git : Math.max(0, sources.findIndex(isHelmChartSource));
}

function bumpPatch(version: string): string {
  const match = /^(\d+)\.(\d+)\.(\d+)(.*)$/.exec(version);
  return match
    ? `${match[1]}.${match[2]}.${Number(match[3]) + 1}`
    : `${version}-1`;
}

/** The workloads a rollout's images change: their Deployments, or the application's Rollout. */
function changedWorkloads(
  app: SimApplication,
  ctx: RolloutContext,
): Set<string> {
  return new Set(ctx.images.map(image => workloadNameIn(app.rollout, image)));
}

function initiator(ctx: RolloutContext) {
  if (ctx.operation?.initiatedBy) return { ...ctx.operation.initiatedBy };
  return ctx.initiatedBy ? { username: ctx.initiatedBy } : { automated: true };
}

/** `{ source }` or `{ sources }` of what a sync deploys: the spec's, or a rollback's. */
function syncedSourceFields(app: SimApplication, ctx: RolloutContext) {
  if (!ctx.sources) return sourceFields(app);
  const sources = structuredClone(ctx.sources);
  return isMultiSource(app) ? { sources } : { source: sources[0] };
}

/** The operation of an automated sync, as the controller sets it. */
function automatedOperation(
  app: SimApplication,
  ctx: RolloutContext,
): ArgoCdOperation {
  return {
    initiatedBy: initiator(ctx),
    retry: { limit: 5 },
    sync: {
      ...revisionFields(app, ctx.revisions),
      syncStrategy: { hook: {} },
    },
  };
}

function operationState(app: SimApplication): ArgoCdOperationState {
  return app.doc.status.operationState!;
}

/**
 * CI publishes a release bundle: a new tag (`ociVersion`, else the patch after the running
 * one) and so a new manifest digest. A source pinned to one tag is moved to it, as CI would
 * edit the Application; a semver range picks it up by itself. Returns the digest.
 */
function publishOciRelease(
  app: SimApplication,
  ctx: RolloutContext,
  index: number,
  running: string | undefined,
): string {
  const source = sourcesOf(app)[index];
  const previous =
    (running && app.ociArtifacts.get(running)?.version) ??
    releasedVersion(source.targetRevision);
  const version = ctx.ociVersion ?? bumpPatch(previous);
  if (isExactTag(source.targetRevision)) {
    source.targetRevision = version;
    app.doc.metadata.generation = (app.doc.metadata.generation ?? 1) + 1;
  }
  app.revisionCounter++;
  const digest = nextOciDigest(
    ctx.instance,
    app.doc.metadata.name!,
    index,
    app.revisionCounter,
  );
  app.ociArtifacts.set(
    digest,
    ociMetadata({
      repoURL: source.repoURL!,
      digest,
      version,
      createdAt: k8sTime(ctx.now),
      images: ctx.images,
      authors: ctx.author,
      description: ctx.message,
    }),
  );
  return digest;
}

/** A new commit (or chart version, or OCI release) lands: the app goes OutOfSync. */
export function commitLands(app: SimApplication, ctx: RolloutContext): void {
  const index = changedSourceIndex(app);
  const source = sourcesOf(app)[index];
  const revisions = [...currentRevisions(app)];
  if (isHelmChartSource(source)) {
    source.targetRevision =
      ctx.chartVersion ?? bumpPatch(source.targetRevision ?? '0.1.0');
    revisions[index] = source.targetRevision;
    app.doc.metadata.generation = (app.doc.metadata.generation ?? 1) + 1;
  } else if (isOciSource(source)) {
    revisions[index] = publishOciRelease(app, ctx, index, revisions[index]);
  } else {
    app.revisionCounter++;
    revisions[index] =
      ctx.revision ??
      nextGitRevision(
        ctx.instance,
        app.doc.metadata.name!,
        index,
        app.revisionCounter,
      );
    const commit = commitMetadata({
      revision: revisions[index],
      date: k8sTime(ctx.now),
      images: ctx.images,
      author: ctx.author,
      message: ctx.message,
    });
    if (isHydrated(app)) {
      // The hydrator renders the dry commit at once; the hydrated commit is what syncs.
      ctx.dryRevision = revisions[index];
      revisions[index] = hydrate(app, {
        instance: ctx.instance,
        drySHA: ctx.dryRevision,
        dryCommit: commit,
        startedAt: k8sTime(ctx.now),
        finishedAt: k8sTime(ctx.now),
      });
    } else {
      app.commits.set(revisions[index], commit);
    }
  }
  ctx.revisions = revisions;
  app.gitImages = imagesAfterRollout(app.desiredImages, ctx.images);
  app.imagesAtRevisions.set(revisionsKey(revisions), [...app.gitImages]);
  ctx.previousImages = [...(app.doc.status.summary?.images ?? [])];
  const status = app.doc.status;
  status.sync = {
    status: 'OutOfSync',
    comparedTo: {
      destination: { ...app.doc.spec.destination },
      ...sourceFields(app),
    },
    ...revisionFields(app, revisions),
  };
  status.resources = resourceStatuses(
    objectsOf(app),
    changedWorkloads(app, ctx),
  );
}

/** The automated sync starts: operation Running. */
export function syncStarts(app: SimApplication, ctx: RolloutContext): void {
  const objects = objectsOf(
    app,
    imagesAfterRollout(app.desiredImages, ctx.images),
  );
  // `operation` stays on the Application until the controller finishes it (util/argo/argo.go).
  const operation = ctx.operation ?? automatedOperation(app, ctx);
  app.doc.operation = structuredClone(operation);
  app.doc.status.operationState = {
    operation: structuredClone(operation),
    phase: 'Running',
    message: 'one or more tasks are running',
    startedAt: k8sTime(ctx.now),
    syncResult: {
      resources: syncResultResources(objects, 'running'),
      ...revisionFields(app, ctx.revisions),
      ...syncedSourceFields(app, ctx),
    },
  };
}

/** A dry run succeeds: the operation ends, nothing is applied and no history entry is added. */
export function dryRunSucceeds(app: SimApplication, ctx: RolloutContext): void {
  delete app.doc.operation;
  const op = operationState(app);
  op.phase = 'Succeeded';
  op.message = 'successfully synced (all tasks run)';
  op.finishedAt = k8sTime(ctx.now);
  op.syncResult!.resources = syncResultResources(objectsOf(app), 'synced').map(
    r => ({ ...r, message: `${r.message} (dry run)` }),
  );
}

/** Workloads whose synced image differs from the one git asks for (what stays OutOfSync). */
function driftedWorkloads(app: SimApplication): Set<string> {
  const wanted = new Set(app.gitImages);
  return new Set(
    app.desiredImages
      .filter(image => !wanted.has(image))
      .map(image => workloadNameIn(app.rollout, image)),
  );
}

/** The sync succeeds: Synced, a new history entry, pods rolling (old and new images live). */
export function syncSucceeds(app: SimApplication, ctx: RolloutContext): void {
  const status = app.doc.status;
  const finishedAt = k8sTime(ctx.now);
  app.desiredImages = imagesAfterRollout(app.desiredImages, ctx.images);
  const objects = objectsOf(app);
  delete app.doc.operation;
  const op = operationState(app);
  op.phase = 'Succeeded';
  op.message = 'successfully synced (all tasks run)';
  op.finishedAt = finishedAt;
  op.syncResult!.resources = syncResultResources(objects, 'synced');
  // Synced unless the sync deployed something else than git's target (a rollback, an older revision).
  const drifted = driftedWorkloads(app);
  status.sync = {
    ...status.sync,
    status: drifted.size ? 'OutOfSync' : 'Synced',
  };
  delete status.conditions;
  // A Rollout's health comes from its own status (argoRollouts/), not from here.
  for (const name of app.rollout ? [] : changedWorkloads(app, ctx)) {
    app.deploymentHealth.set(name, {
      status: 'Progressing',
      message:
        'Waiting for rollout to finish: 1 old replicas are pending termination...',
    });
  }
  status.resources = resourceStatuses(objects, drifted);
  if (ctx.images.length) {
    status.health = { status: 'Progressing', lastTransitionTime: finishedAt };
    // During a rolling update both generations of pods run.
    status.summary = {
      ...status.summary,
      images: [...new Set([...ctx.previousImages, ...app.desiredImages])],
    };
  }
  // controller/sync.go: no history entry for a dry run or a sync of selected resources.
  if (ctx.partial) return;
  const history = status.history ?? [];
  history.push({
    ...revisionFields(app, ctx.revisions),
    deployStartedAt: op.startedAt,
    deployedAt: finishedAt,
    id: (history[history.length - 1]?.id ?? -1) + 1,
    ...syncedSourceFields(app, ctx),
    initiatedBy: initiator(ctx),
  });
  status.history = history.slice(-HISTORY_LIMIT);
}

/** The new pods become ready: Healthy, only the new images live. */
export function podsBecomeHealthy(
  app: SimApplication,
  ctx: RolloutContext,
): void {
  const status = app.doc.status;
  status.health = { status: 'Healthy', lastTransitionTime: k8sTime(ctx.now) };
  app.deploymentHealth.clear();
  status.resources = resourceStatuses(objectsOf(app), driftedWorkloads(app));
  status.summary = { ...status.summary, images: [...app.desiredImages] };
  delete app.failingPod;
}

/** The sync operation fails (`Failed`) or errors (`Error`): still OutOfSync, no history entry. */
export function syncFails(phase: 'Failed' | 'Error') {
  return (app: SimApplication, ctx: RolloutContext): void => {
    delete app.doc.operation;
    const image = ctx.images[0] ?? app.desiredImages[0];
    const workload = workloadNameIn(app.rollout, image);
    const kind = app.rollout ? 'Rollout.argoproj.io' : 'Deployment.apps';
    const message =
      ctx.failureMessage ??
      (phase === 'Failed'
        ? `one or more objects failed to apply, reason: ${kind} "${workload}" is invalid: spec.template.spec.containers[0].image: Invalid value: "${image}": admission webhook "images.policy.example" denied the request`
        : `rpc error: code = Unknown desc = Manifest generation error (cached): failed to render manifests for revision ${ctx.revisions.join(
            ', ',
          )}`);
    const op = operationState(app);
    op.phase = phase;
    op.message = message;
    op.finishedAt = k8sTime(ctx.now);
    const objects = objectsOf(
      app,
      imagesAfterRollout(app.desiredImages, ctx.images),
    );
    op.syncResult!.resources = syncResultResources(objects, 'failed', message);
    app.doc.status.conditions = [
      {
        type: 'SyncError',
        message: `Failed sync attempt to ${ctx.revisions.join(
          ', ',
        )}: ${message} (retried 5 times).`,
        lastTransitionTime: k8sTime(ctx.now),
      },
    ];
  };
}

/** The new pods cannot pull their image: Degraded, ImagePullBackOff in the tree. */
export function podsDegrade(app: SimApplication, ctx: RolloutContext): void {
  const status = app.doc.status;
  const image = ctx.images[0] ?? app.desiredImages[0];
  for (const name of changedWorkloads(app, ctx)) {
    app.deploymentHealth.set(name, {
      status: 'Degraded',
      message: `Deployment "${name}" exceeded its progress deadline`,
    });
  }
  status.health = { status: 'Degraded', lastTransitionTime: k8sTime(ctx.now) };
  app.failingPod = {
    image,
    reason: 'ImagePullBackOff',
    message: `Back-off pulling image "${image}"`,
  };
  // The old pods keep serving while the new ones fail, so both images stay listed.
  status.summary = {
    ...status.summary,
    images: [...new Set([...ctx.previousImages, ...app.desiredImages])],
  };
}
