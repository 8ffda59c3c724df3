import type {
  ArgoCdApplication,
  ArgoCdApplicationSource,
  ArgoCdHealthStatus,
  ArgoCdOCIMetadata,
  ArgoCdRevisionMetadata,
} from '@argo-pulse/backstage-plugin-common';
import type { SimRollout } from './argoRollouts/SimRollout';

/**
 * A simulated application: the Application document exactly as Argo CD
 * would answer it (the single source of truth, mutated in place by
 * rollouts), plus what Argo CD knows about elsewhere (git commit and OCI metadata,
 * pod problems visible only in the resource tree).
 */
export interface SimApplication {
  /** The Application document; `metadata`, `spec` and `status` are always set. */
  doc: Required<Pick<ArgoCdApplication, 'metadata' | 'spec' | 'status'>> &
    ArgoCdApplication;
  /** The images the manifests in git ask for (ahead of `desiredImages` while OutOfSync). */
  gitImages: string[];
  /** The images the synced manifests ask for (what `summary.images` settles on). */
  desiredImages: string[];
  /** The images the manifests ask for at each set of revisions (keyed by `revisionsKey`), as `manifests?revision=` renders them. */
  imagesAtRevisions: Map<string, string[]>;
  /** Commit metadata per git revision, as `revisions/{rev}/metadata` answers it. */
  commits: Map<string, ArgoCdRevisionMetadata>;
  /** OCI metadata per manifest digest of an OCI source, as `revisions/{digest}/ocimetadata` answers it. */
  ociArtifacts: Map<string, ArgoCdOCIMetadata>;
  /** Health of Deployments that are not Healthy, by name (shown in the resource tree). */
  deploymentHealth: Map<string, ArgoCdHealthStatus>;
  /** A pod that cannot start (a degraded rollout), shown in the resource tree. */
  failingPod?: { image: string; reason: string; message: string };
  /** Counts generated revisions, so each new commit SHA is unique. */
  revisionCounter: number;
  /** The Argo Rollouts Rollout that runs the images instead of Deployments, if the scenario asks for one. */
  rollout?: SimRollout;
}

/**
 * The sources of an application, whether it is single- or multi-source. A hydrated
 * application's is its sync source (Argo CD's `SourceHydrator.GetSyncSource`): the
 * hydrated manifests' repository, path and branch.
 */
export function sourcesOf(app: SimApplication): ArgoCdApplicationSource[] {
  const spec = app.doc.spec;
  const hydrator = spec.sourceHydrator;
  if (hydrator) {
    return [
      {
        repoURL: hydrator.syncSource?.repoURL ?? hydrator.drySource?.repoURL,
        path: hydrator.syncSource?.path,
        targetRevision: hydrator.syncSource?.targetBranch,
      },
    ];
  }
  return spec.sources ?? (spec.source ? [spec.source] : []);
}

/** Whether an application is hydrated (`spec.sourceHydrator`): what syncs is the hydrated commit. */
export function isHydrated(app: SimApplication): boolean {
  return app.doc.spec.sourceHydrator !== undefined;
}

/** Whether an application uses `spec.sources` (and so the plural status fields). */
export function isMultiSource(app: SimApplication): boolean {
  return app.doc.spec.sources !== undefined;
}

/** The key that identifies an application within an instance. */
export function appKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** `{ revision }` or `{ revisions }`, as Argo CD writes them for single- and multi-source apps. */
export function revisionFields(app: SimApplication, revisions: string[]) {
  return isMultiSource(app) ? { revisions } : { revision: revisions[0] };
}

/** `{ source }` or `{ sources }`, likewise. */
export function sourceFields(app: SimApplication) {
  const sources = structuredClone(sourcesOf(app));
  return isMultiSource(app) ? { sources } : { source: sources[0] };
}

/** The revisions currently deployed, one per source. */
export function currentRevisions(app: SimApplication): string[] {
  const sync = app.doc.status.sync;
  return sync?.revisions ?? (sync?.revision ? [sync.revision] : []);
}

/** The key of a set of revisions (one per source) in `imagesAtRevisions`. */
export function revisionsKey(revisions: string[]): string {
  return revisions.join(' ');
}

/** Whether auto-sync is on (`automated` set and not `enabled: false`), as Argo CD's `IsAutomatedSyncEnabled`. */
export function isAutoSyncEnabled(app: SimApplication): boolean {
  const automated = app.doc.spec.syncPolicy?.automated as
    | { enabled?: boolean }
    | undefined;
  return automated !== undefined && automated.enabled !== false;
}
