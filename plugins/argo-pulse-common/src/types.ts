/**
 * The HTTP API of the Argo Pulse backend (`/api/argo-pulse`): what its
 * routes answer. Times are ISO 8601 strings in UTC.
 */

/** How fresh the data of one Argo CD instance is. */
export interface ArgoPulseInstanceStatus {
  instance: string;
  /** When a poll of this instance last succeeded. */
  lastSuccessAt?: string;
  /** When a poll was last attempted. */
  lastAttemptAt?: string;
  /** The last poll's failure, if the last poll failed. */
  error?: { message: string; at: string };
  /** Applications seen in the last successful poll. */
  applicationCount: number;
  /** How long the last poll took, in milliseconds. */
  lastCycleDurationMs?: number;
  /** True when the last success is older than three polling intervals (or there was none). */
  stale: boolean;
}

/** A source an application deploys from: a git path or a Helm chart. */
export interface ArgoPulseSource {
  repoURL: string;
  path?: string;
  chart?: string;
  targetRevision?: string;
  ref?: string;
}

/** Argo CD's last operation on an application. */
export interface ArgoPulseOperation {
  /** Running, Terminating, Failed, Error or Succeeded. */
  phase: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
}

/**
 * One Kubernetes resource an application manages (application detail).
 *
 * @public
 */
export interface ArgoPulseResource {
  group?: string;
  kind: string;
  namespace?: string;
  name: string;
  /** Synced or OutOfSync. */
  syncStatus?: string;
  health?: { status: string; message?: string };
  /** Images its pods run, for workloads (Deployments, StatefulSets, …, Pods). */
  images?: string[];
}

/**
 * One resource's outcome in the last sync operation, when it was not a plain success.
 *
 * @public
 */
export interface ArgoPulseSyncResourceResult {
  group?: string;
  kind: string;
  namespace?: string;
  name: string;
  /** Synced, SyncFailed, Pruned, PruneSkipped. */
  status?: string;
  message?: string;
  hookPhase?: string;
}

/**
 * `GET /entities/:kind/:namespace/:name/applications/:instance/:appNamespace/:appName`:
 * what only `argo-pulse.application.detail.read` may see. Never Helm values or manifests.
 *
 * @public
 */
export interface ArgoPulseApplicationDetail {
  instance: string;
  namespace: string;
  name: string;
  project: string;
  resources: ArgoPulseResource[];
  /** True when the application has more resources than Argo Pulse keeps (500). */
  resourcesTruncated?: boolean;
  conditions: Array<{ type: string; message?: string; lastTransitionTime?: string }>;
  /** The last operation, with its message and the resources that did not simply sync. */
  operation?: ArgoPulseOperation & { revisions?: string[]; resourceResults?: ArgoPulseSyncResourceResult[] };
  sources: ArgoPulseSource[];
  destination: { server?: string; name?: string; namespace?: string };
  argoCdUrl: string;
  observedAt: string;
}

/** What an entity's page shows for one application. */
export interface ArgoPulseApplicationOverview {
  instance: string;
  name: string;
  namespace: string;
  project: string;
  sync: {
    /** Synced, OutOfSync or Unknown. */
    status: string;
    /** The revision Argo CD compares against, one per source. */
    revisions: string[];
  };
  health: {
    /** Healthy, Progressing, Suspended, Degraded, Missing or Unknown. */
    status: string;
    message?: string;
  };
  /** Phase and times of the last operation; its message is detail. */
  operation?: Omit<ArgoPulseOperation, 'message'>;
  /** Images of the live pods (during a rollout, old and new). */
  images: string[];
  /** When the latest deployment finished. */
  lastDeployedAt?: string;
  /** The application in the Argo CD UI. */
  argoCdUrl: string;
  /** When Argo Pulse last saw a change of this application. */
  observedAt: string;
}

/** `GET /entities/:kind/:namespace/:name/applications` */
export interface EntityApplicationsResponse {
  entityRef: string;
  applications: ArgoPulseApplicationOverview[];
  /** Freshness of each instance the entity's applications may live in. */
  instances: ArgoPulseInstanceStatus[];
  /** A configuration problem with the entity's annotations, in words. */
  problem?: string;
}

/** The git commit behind a deployed revision, when Argo CD could tell. */
export interface ArgoPulseCommit {
  revision: string;
  author?: string;
  message?: string;
  date?: string;
}

/** One deployment of one application (an entry of Argo CD's history, kept beyond its 10). */
export interface ArgoPulseDeployment {
  instance: string;
  application: string;
  namespace: string;
  /** Argo CD's history id. */
  historyId: number;
  /** One revision per source (a commit SHA, or a chart version for Helm chart sources). */
  revisions: string[];
  sources: ArgoPulseSource[];
  startedAt?: string;
  finishedAt: string;
  durationSeconds?: number;
  /** A user who started the sync, or automated. */
  initiatedBy?: { username?: string; automated?: boolean };
  /** Images running once the deployment settled (or at the time it was observed). */
  images: string[];
  /** The sync operation's outcome, when Argo CD still reported it. */
  syncResult?: { phase: string; message?: string };
  /** Commit metadata of git revisions. */
  commits: ArgoPulseCommit[];
}

/** `GET /entities/:kind/:namespace/:name/history` */
export interface EntityHistoryResponse {
  entityRef: string;
  items: ArgoPulseDeployment[];
  /** Total deployments of the entity's applications. */
  total: number;
  /** Pass as `offset` for the next page; absent on the last page. */
  nextOffset?: number;
  problem?: string;
}

/** `GET /instances` */
export interface InstancesResponse {
  instances: ArgoPulseInstanceStatus[];
}
