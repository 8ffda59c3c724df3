import type {
  ArgoCdApplication,
  ArgoCdApplicationSource,
  ArgoCdApplicationSpec,
  ArgoCdRevisionHistory,
} from '@argo-pulse/backstage-plugin-common';
import type {
  ScenarioApplication,
  ScenarioSource,
} from '../scenario/scenarioSchema';
import { createRollout } from './argoRollouts/SimRollout';
import { commitMetadata, nextGitRevision } from './commits';
import { hydrate } from './hydrator';
import { k8sTime, uidFor } from './ids';
import {
  earlierVersion,
  isOciSource,
  nextOciDigest,
  ociMetadata,
  releasedVersion,
} from './ociArtifacts';
import {
  isWorkload,
  managedObjects,
  resourceStatuses,
  syncResultResources,
} from './resources';
import {
  revisionFields,
  revisionsKey,
  SimApplication,
  sourceFields,
} from './SimApplication';

const DAY_MS = 24 * 60 * 60 * 1000;

function toArgoSource(source: ScenarioSource): ArgoCdApplicationSource {
  const { repoURL, path, chart, targetRevision, ref, helm, kustomize } = source;
  return {
    repoURL,
    ...(path !== undefined ? { path } : {}),
    ...(chart !== undefined ? { chart } : {}),
    targetRevision,
    ...(ref !== undefined ? { ref } : {}),
    ...(helm ? { helm } : {}),
    ...(kustomize ? { kustomize } : {}),
  };
}

/** Helm chart sources are versioned by the chart; everything else by git commits. */
export function isHelmChartSource(source: ArgoCdApplicationSource): boolean {
  return source.chart !== undefined;
}

/** The source type Argo CD detects for a source. */
function sourceTypeOf(source: ArgoCdApplicationSource): string {
  if (source.chart !== undefined || source.helm) return 'Helm';
  if (source.kustomize) return 'Kustomize';
  return 'Directory';
}

/**
 * Resolves each source to the revision Argo CD would record for it: a chart's version, an
 * OCI artifact's manifest digest (`nextDigest`), else a git commit (`nextCommit`).
 */
export function resolveRevisions(
  sources: ArgoCdApplicationSource[],
  next: {
    nextCommit: (sourceIndex: number) => string;
    nextDigest: (sourceIndex: number) => string;
  },
): string[] {
  return sources.map((source, index) => {
    if (isHelmChartSource(source)) return source.targetRevision!;
    return isOciSource(source)
      ? next.nextDigest(index)
      : next.nextCommit(index);
  });
}

/**
 * Builds a complete, settled Application from its scenario description:
 * `historyDepth` earlier deployments (the last one is what runs now), a
 * finished sync operation, resources with health, and commit metadata.
 */
export function buildApplication(options: {
  instance: string;
  controllerNamespace: string;
  spec: ScenarioApplication;
  now: Date;
  resourceVersion: string;
}): SimApplication {
  const { instance, controllerNamespace, spec, now } = options;
  const namespace = spec.namespace ?? controllerNamespace;
  const hydrator = spec.sourceHydrator;
  // A hydrated application syncs its sync source (Argo CD's `GetSyncSource`).
  const sources = hydrator
    ? [
        {
          repoURL: hydrator.syncSource.repoURL ?? hydrator.drySource.repoURL,
          path: hydrator.syncSource.path,
          targetRevision: hydrator.syncSource.targetBranch,
        },
      ]
    : spec.sources.map(toArgoSource);
  const multi = sources.length > 1;
  // `spec.sourceHydrator` instead of a source; else one source or several.
  let sourceSpec: Pick<
    ArgoCdApplicationSpec,
    'source' | 'sources' | 'sourceHydrator'
  > = multi ? { sources } : { source: sources[0] };
  if (hydrator) sourceSpec = { sourceHydrator: structuredClone(hydrator) };
  const createdAt = new Date(now.getTime() - (spec.historyDepth + 1) * DAY_MS);

  const doc: SimApplication['doc'] = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: spec.name,
      namespace,
      uid: uidFor(instance, namespace, spec.name),
      resourceVersion: options.resourceVersion,
      generation: spec.historyDepth + 1,
      creationTimestamp: k8sTime(createdAt),
      labels: { ...spec.labels },
      ...(Object.keys(spec.annotations).length
        ? { annotations: { ...spec.annotations } }
        : {}),
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: spec.project,
      destination: {
        server: spec.destination.server,
        namespace: spec.destination.namespace,
      },
      ...sourceSpec,
      syncPolicy: {
        ...(spec.autoSync
          ? { automated: { prune: true, selfHeal: true } }
          : {}),
        syncOptions: ['CreateNamespace=true'],
      },
    },
    status: {},
  } as SimApplication['doc'] & Pick<ArgoCdApplication, never>;

  const app: SimApplication = {
    doc,
    gitImages: [...spec.images],
    desiredImages: [...spec.images],
    commits: new Map(),
    ociArtifacts: new Map(),
    imagesAtRevisions: new Map(),
    deploymentHealth: new Map(),
    revisionCounter: 0,
  };

  const history: ArgoCdRevisionHistory[] = [];
  let revisions: string[] = [];
  for (let index = 0; index < spec.historyDepth; index++) {
    app.revisionCounter++;
    revisions = resolveRevisions(sources, {
      nextCommit: i =>
        nextGitRevision(instance, spec.name, i, app.revisionCounter),
      nextDigest: i =>
        nextOciDigest(instance, spec.name, i, app.revisionCounter),
    });
    const deployedAt = new Date(
      now.getTime() - (spec.historyDepth - 1 - index) * DAY_MS - 60_000,
    );
    const startedAt = new Date(deployedAt.getTime() - 4_000);
    if (hydrator) {
      // The dry commit CI made, hydrated a minute before the sync.
      revisions = [
        hydrate(app, {
          instance,
          drySHA: revisions[0],
          dryCommit: commitMetadata({
            revision: revisions[0],
            date: k8sTime(new Date(startedAt.getTime() - 120_000)),
            images: spec.images,
          }),
          startedAt: k8sTime(new Date(startedAt.getTime() - 65_000)),
          finishedAt: k8sTime(new Date(startedAt.getTime() - 60_000)),
        }),
      ];
    }
    for (const [i, source] of sources.entries()) {
      if (isOciSource(source)) {
        // The last release is the tag the source names; the ones before it, earlier tags.
        app.ociArtifacts.set(
          revisions[i],
          ociMetadata({
            repoURL: source.repoURL!,
            digest: revisions[i],
            version: earlierVersion(
              releasedVersion(source.targetRevision),
              spec.historyDepth - 1 - index,
            ),
            createdAt: k8sTime(new Date(startedAt.getTime() - 120_000)),
            images: spec.images,
          }),
        );
      } else if (!hydrator && !isHelmChartSource(source)) {
        app.commits.set(
          revisions[i],
          commitMetadata({
            revision: revisions[i],
            date: k8sTime(new Date(startedAt.getTime() - 120_000)),
            images: spec.images,
          }),
        );
      }
    }
    app.imagesAtRevisions.set(revisionsKey(revisions), [...spec.images]);
    history.push({
      ...revisionFields(app, revisions),
      deployStartedAt: k8sTime(startedAt),
      deployedAt: k8sTime(deployedAt),
      id: index,
      ...sourceFields(app),
      initiatedBy: { automated: true },
    });
  }
  const last = history[history.length - 1];
  if (spec.rollout) {
    // One Rollout, named as the application unless told; each earlier deployment was a revision.
    const name = spec.rollout.name ?? spec.name;
    app.rollout = createRollout({
      name,
      namespace: spec.destination.namespace,
      uid: uidFor(doc.metadata.uid!, 'Rollout', name),
      option: spec.rollout,
      images: spec.images,
      revision: spec.historyDepth,
      createdAt: doc.metadata.creationTimestamp!,
      promotedAt: last.deployedAt!,
    });
  }
  const objects = managedObjects(
    spec.images,
    spec.destination.namespace,
    app.rollout,
  );
  const healthy = spec.health === 'Healthy';
  const deployments = objects.filter(isWorkload).map(o => o.name);
  if (!healthy) {
    for (const name of deployments) {
      app.deploymentHealth.set(name, {
        status: spec.health,
        message: `Deployment "${name}" is ${spec.health.toLowerCase()}`,
      });
    }
  }

  const hydration = doc.status.sourceHydrator;
  doc.status = {
    controllerNamespace,
    health: { status: spec.health, lastTransitionTime: last.deployedAt },
    history,
    operationState: {
      operation: {
        initiatedBy: { automated: true },
        retry: { limit: 5 },
        sync: { ...revisionFields(app, revisions), syncStrategy: { hook: {} } },
      },
      phase: 'Succeeded',
      message: 'successfully synced (all tasks run)',
      startedAt: last.deployStartedAt,
      finishedAt: last.deployedAt,
      syncResult: {
        resources: syncResultResources(objects, 'synced'),
        ...revisionFields(app, revisions),
        ...sourceFields(app),
      },
    },
    reconciledAt: k8sTime(now),
    resourceHealthSource: 'appTree',
    resources: resourceStatuses(
      objects,
      new Set(spec.sync === 'OutOfSync' ? deployments : []),
    ),
    ...(multi
      ? { sourceTypes: sources.map(sourceTypeOf) }
      : { sourceType: sourceTypeOf(sources[0]) }),
    ...(hydration ? { sourceHydrator: hydration } : {}),
    summary: { images: [...spec.images] },
    sync: {
      status: spec.sync,
      comparedTo: {
        destination: { ...doc.spec.destination },
        ...sourceFields(app),
      },
      ...revisionFields(app, revisions),
    },
  };
  return app;
}
