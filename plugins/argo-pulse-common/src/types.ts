/**
 * The HTTP API of the Argo Pulse backend (`/api/argo-pulse`): what its
 * routes answer. Times are ISO 8601 strings in UTC.
 */

import type { ArgoPulseOperationAction } from './operations';
import type { ArgoPulseRollout } from './rollouts';
import type { ArgoPulseApplicationSet } from './applicationSets';

/**
 * Why the last poll of an instance failed, as a category:
 * - `cannot-connect`: no connection (refused, dropped, unknown host, TLS);
 * - `timed-out`: Argo CD accepted a request and did not answer in time;
 * - `unauthorized`: Argo CD answered 401 (a token or session it refuses);
 * - `forbidden`: Argo CD answered 403;
 * - `http-error`: another 4xx answer;
 * - `unavailable`: a 5xx answer (Argo CD or a proxy in front of it);
 * - `bad-answer`: an answer that could not be read (not JSON, cut short);
 * - `poll-deadline`: the poll ran out of its time (`polling.timeout`);
 * - `internal`: Argo Pulse itself failed (its database); the backend log has the cause.
 *
 * @public
 */
export type ArgoPulseInstanceErrorCategory =
  | 'cannot-connect'
  | 'timed-out'
  | 'unauthorized'
  | 'forbidden'
  | 'http-error'
  | 'unavailable'
  | 'bad-answer'
  | 'poll-deadline'
  | 'internal';

/**
 * How fresh Argo Pulse's data about one Argo CD instance is: when it was last
 * polled, whether that worked, and whether the data is stale.
 *
 * @public
 */
export interface ArgoPulseInstanceStatus {
  /** The instance's name in the `argoPulse.instances` configuration. */
  instance: string;
  /** When a poll of this instance last succeeded. */
  lastSuccessAt?: string;
  /** When a poll was last attempted. */
  lastAttemptAt?: string;
  /**
   * The last poll's failure, if the last poll failed: its category, a short
   * reason meant for users ("401 from Argo CD", "timed out after 10 s"; never
   * a secret nor raw exception text), and when it happened.
   */
  error?: {
    category: ArgoPulseInstanceErrorCategory;
    message: string;
    at: string;
  };
  /** Applications seen in the last successful poll. */
  applicationCount: number;
  /** How long the last poll took, in milliseconds. */
  lastCycleDurationMs?: number;
  /** Requests to Argo CD the last poll made (retries and logins included). */
  lastCycleRequests?: number;
  /** How the instance is watched: `poll` (a list every interval) or `stream` (Argo CD's watch stream, with polls to catch up). */
  mode: 'poll' | 'stream';
  /**
   * Problems that do not stop Argo Pulse from reading the instance, each with
   * when it was seen: Argo CD ignored the list's `fields` (every poll
   * transfers whole applications), or the event stream went silent and was
   * opened again. Absent when there are none.
   */
  warnings?: Array<{ message: string; at: string }>;
  /** True when the last success is older than three polling intervals (or there was none). */
  stale: boolean;
}

/**
 * A source an application deploys from: a path in a git repository or a Helm chart.
 *
 * @public
 */
export interface ArgoPulseSource {
  /** The git repository or Helm repository URL. */
  repoURL: string;
  /** The directory inside a git repository, for git sources. */
  path?: string;
  /** The chart name, for Helm chart sources. */
  chart?: string;
  /** The branch, tag, commit or chart version Argo CD deploys. */
  targetRevision?: string;
  /** The name other sources of a multi-source application use to refer to this one. */
  ref?: string;
}

/**
 * Argo CD's last operation (usually a sync) on an application.
 *
 * @public
 */
export interface ArgoPulseOperation {
  /** Running, Terminating, Failed, Error or Succeeded. */
  phase: string;
  /** Argo CD's message about the operation, such as why it failed. */
  message?: string;
  /** When the operation started. */
  startedAt?: string;
  /** When the operation finished; absent while it runs. */
  finishedAt?: string;
}

/**
 * One Kubernetes resource an application manages (application detail).
 *
 * @public
 */
export interface ArgoPulseResource {
  /** The resource's API group; absent for the core group. */
  group?: string;
  /** The resource's kind, such as `Deployment`. */
  kind: string;
  /** The resource's namespace; absent for cluster-scoped resources. */
  namespace?: string;
  /** The resource's name. */
  name: string;
  /** Synced or OutOfSync. */
  syncStatus?: string;
  /** The resource's health (Healthy, Progressing, Degraded, …) and Argo CD's message about it. */
  health?: { status: string; message?: string };
  /** Images its pods run, for workloads (Deployments, StatefulSets, …, Pods). */
  images?: string[];
}

/**
 * Why an application is Degraded or Missing: the first unhealthy resource
 * (a failing pod when the resource tree has one) and what Argo CD says about
 * it. Application detail.
 *
 * @public
 */
export interface ArgoPulseUnhealthyResource {
  /** The resource's API group; absent for the core group. */
  group?: string;
  /** The resource's kind, such as `Pod`. */
  kind: string;
  /** The resource's namespace; absent for cluster-scoped resources. */
  namespace?: string;
  /** The resource's name. */
  name: string;
  /** Its health: Degraded or Missing. */
  status: string;
  /** Argo CD's message about its health, such as `Back-off pulling image "…"`. */
  message?: string;
  /** A pod's status reason, such as `ImagePullBackOff` or `CrashLoopBackOff`. */
  reason?: string;
}

/**
 * One resource's outcome in the last sync operation, when it was not a plain success.
 *
 * @public
 */
export interface ArgoPulseSyncResourceResult {
  /** The resource's API group; absent for the core group. */
  group?: string;
  /** The resource's kind, such as `Job`. */
  kind: string;
  /** The resource's namespace; absent for cluster-scoped resources. */
  namespace?: string;
  /** The resource's name. */
  name: string;
  /** Synced, SyncFailed, Pruned, PruneSkipped. */
  status?: string;
  /** Argo CD's message about what happened to the resource. */
  message?: string;
  /** The phase of a hook resource (Running, Succeeded, Failed, …); absent for other resources. */
  hookPhase?: string;
}

/**
 * The detail of one application, which only `argo-pulse.application.detail.read`
 * may see: the answer of
 * `GET /entities/:kind/:namespace/:name/applications/:instance/:appNamespace/:appName`.
 * It never includes Helm values or manifests.
 *
 * @public
 */
export interface ArgoPulseApplicationDetail {
  /** The Argo CD instance the application lives in. */
  instance: string;
  /** The namespace of the Application object in Argo CD. */
  namespace: string;
  /** The application's name. */
  name: string;
  /** The Argo CD project the application belongs to. */
  project: string;
  /** The Kubernetes resources the application manages. */
  resources: ArgoPulseResource[];
  /** True when the application has more resources than Argo Pulse keeps (500). */
  resourcesTruncated?: boolean;
  /** Why the application is Degraded or Missing, when a resource says. */
  unhealthyResource?: ArgoPulseUnhealthyResource;
  /** The Argo Rollouts Rollouts the application manages, with their steps and Argo Rollouts' messages. */
  rollouts?: ArgoPulseRollout[];
  /** The conditions Argo CD reports on the application, such as a `SyncError`. */
  conditions: Array<{
    type: string;
    message?: string;
    lastTransitionTime?: string;
  }>;
  /** The last operation, with its message and the resources that did not simply sync. */
  operation?: ArgoPulseOperation & {
    revisions?: string[];
    resourceResults?: ArgoPulseSyncResourceResult[];
  };
  /** Where the application deploys from, in Argo CD's order. */
  sources: ArgoPulseSource[];
  /** Where the application deploys to: a cluster (by server URL or name) and a namespace. */
  destination: { server?: string; name?: string; namespace?: string };
  /** The application in the Argo CD UI. */
  argoCdUrl: string;
  /** When Argo Pulse last saw a change of this application. */
  observedAt: string;
}

/**
 * What an entity's page shows for one of its applications: sync, health,
 * running images and the last operation, without anything that needs the
 * detail permission.
 *
 * @public
 */
export interface ArgoPulseApplicationOverview {
  /** The Argo CD instance the application lives in. */
  instance: string;
  /** The application's name. */
  name: string;
  /** The namespace of the Application object in Argo CD. */
  namespace: string;
  /** The Argo CD project the application belongs to. */
  project: string;
  /** The ApplicationSet that generated it (its `argocd.argoproj.io/application-set-name` label), if one did. */
  applicationSet?: string;
  /** Whether the live state matches the desired state, and at which revisions. */
  sync: {
    /** Synced, OutOfSync or Unknown. */
    status: string;
    /** The revision Argo CD compares against, one per source. */
    revisions: string[];
    /**
     * For a hydrated application (Argo CD's source hydrator): the commit CI
     * made that the synced revision (the hydrated commit) was made from.
     */
    dryRevision?: string;
  };
  /** The application's health as Argo CD assesses it. */
  health: {
    /** Healthy, Progressing, Suspended, Degraded, Missing or Unknown. */
    status: string;
    /** Argo CD's message about it; only for callers with `argo-pulse.application.detail.read`. */
    message?: string;
  };
  /** Phase and times of the last operation; its message only for callers with `argo-pulse.application.detail.read`. */
  operation?: ArgoPulseOperation;
  /** Why the application is Degraded or Missing; only for callers with `argo-pulse.application.detail.read`. */
  unhealthyResource?: ArgoPulseUnhealthyResource;
  /** Images of the live pods (during a rollout, old and new). */
  images: string[];
  /**
   * The Argo Rollouts Rollouts the application manages: strategy, step,
   * weight, pause and abort, as of the last detail read. Their steps and
   * Argo Rollouts' messages only for callers with `argo-pulse.application.detail.read`.
   */
  rollouts?: ArgoPulseRollout[];
  /** When the latest deployment finished. */
  lastDeployedAt?: string;
  /** Who started the latest deployment, when Argo CD says. */
  lastDeployedBy?: { username?: string; automated?: boolean };
  /** The application in the Argo CD UI. */
  argoCdUrl: string;
  /** When Argo Pulse last saw a change of this application. */
  observedAt: string;
}

/**
 * The answer of `GET /entities/:kind/:namespace/:name/applications`: an
 * entity's applications and the freshness of the instances they live in.
 *
 * @public
 */
export interface EntityApplicationsResponse {
  /** The entity's reference in its full form, such as `component:default/payments-api`. */
  entityRef: string;
  /** The applications the entity's annotations select. */
  applications: ArgoPulseApplicationOverview[];
  /**
   * The ApplicationSets that generated the entity's applications, in the
   * instances Argo Pulse read them from: one group of applications each.
   * Absent when none of its applications was generated by one.
   */
  applicationSets?: ArgoPulseApplicationSet[];
  /** Freshness of each instance the entity's applications may live in. */
  instances: ArgoPulseInstanceStatus[];
  /** A configuration problem with the entity's annotations, in words. */
  problem?: string;
}

/**
 * The git commit behind a deployed revision, when Argo CD could tell.
 *
 * @public
 */
export interface ArgoPulseCommit {
  /** The commit SHA. */
  revision: string;
  /** The commit's author, as Argo CD reports it. */
  author?: string;
  /** The commit message. */
  message?: string;
  /** When the commit was made. */
  date?: string;
}

/**
 * An OCI artifact a deployment synced (Argo CD 3.1+, a source with `repoURL: oci://…`): a
 * release bundle CI published to a container registry, recorded by its manifest digest. Argo
 * CD's OCIMetadata (from the artifact's `org.opencontainers.image.*` annotations) fills the
 * rest, once Argo Pulse has read it; it is neither a git commit nor a chart version.
 *
 * @public
 */
export interface ArgoPulseOciArtifact {
  /** The position of its source among the deployment's `sources` and `revisions`. */
  sourceIndex: number;
  /** The manifest digest Argo CD deployed, such as `sha256:1a2b…`. */
  digest: string;
  /** The repository, `oci://registry/path`; only for callers with `argo-pulse.application.detail.read`, as `sources`. */
  repoURL?: string;
  /** The version the artifact's annotations name: the tag CI published, such as `1.4.2`. */
  version?: string;
  /** When the artifact was built, as its annotations say. */
  createdAt?: string;
  /** Who made it, as its annotations say (free text, like a commit author). */
  authors?: string;
  /** The repository it was built from, such as a git URL. */
  sourceUrl?: string;
  /** What it is, as its annotations say. */
  description?: string;
}

/**
 * What happened to the application after a deployment's sync: `progressing`
 * until it settles, then `healthy` or `degraded`; `failed` when the sync
 * failed; `superseded` when a newer deployment came before it settled;
 * `unknown` when Argo Pulse never watched it settle (it predates the plugin,
 * or came and went between two polls).
 *
 * @public
 */
export type ArgoPulseDeploymentResultStatus =
  | 'progressing'
  | 'healthy'
  | 'degraded'
  | 'failed'
  | 'superseded'
  | 'unknown';

/**
 * A deployment's settled result.
 *
 * @public
 */
export interface ArgoPulseDeploymentResult {
  /** Where it stands. */
  status: ArgoPulseDeploymentResultStatus;
  /** Why it is degraded: the unhealthy resource (Argo CD's words, for callers with `argo-pulse.application.detail.read`) or a timeout. */
  reason?: string;
  /** When the result became final. */
  settledAt?: string;
  /** Seconds from the sync's end to Healthy, when Argo Pulse watched it from close to its end (to within one poll). */
  healthyAfterSeconds?: number;
}

/**
 * One deployment of one application: an entry of Argo CD's history (a
 * successful sync), kept beyond the ten Argo CD keeps, or an operation that
 * failed, which Argo CD never puts in its history.
 *
 * @public
 */
export interface ArgoPulseDeployment {
  /**
   * Identifies the deployment among its application's (`instance`, `namespace`, `application`)
   * for good, unlike Argo CD's history id, which restarts when an application is re-created.
   * Two applications' deployments can share an id: across applications, key by all four.
   */
  id: string;
  /** The Argo CD instance the application lives in. */
  instance: string;
  /** The application's name. */
  application: string;
  /** The namespace of the Application object in Argo CD. */
  namespace: string;
  /** Argo CD's history id; absent for a failed operation. */
  historyId?: number;
  /** Succeeded for a history entry (Argo CD records only successful syncs there); Failed or Error for a failed operation. */
  outcome: string;
  /**
   * One revision per source (a commit SHA, a chart version for Helm chart sources, or a
   * manifest digest `sha256:…` for OCI sources, described in `oci`). For a
   * hydrated application (Argo CD's source hydrator), the dry commit CI made, when Argo CD said
   * which one the synced commit was hydrated from; see `hydratedRevision`.
   */
  revisions: string[];
  /**
   * For a hydrated application (Argo CD's source hydrator) whose dry commit is known: the
   * commit Argo CD wrote from it (rendered manifests) and synced, which Argo CD's history names.
   * `revisions` and `commits` are then the dry commit's.
   */
  hydratedRevision?: string;
  /** The sources deployed, in the same order as `revisions`; empty for callers without `argo-pulse.application.detail.read`. */
  sources: ArgoPulseSource[];
  /** When the sync started, when Argo CD recorded it. */
  startedAt?: string;
  /** When the sync finished. */
  finishedAt: string;
  /** How long the sync took, in seconds, when its start is known. */
  durationSeconds?: number;
  /** A user who started the sync, or automated. */
  initiatedBy?: { username?: string; automated?: boolean };
  /**
   * The images of a successful sync: what ran once it settled or, for one
   * never seen running (superseded between two polls), what the manifests
   * at its revisions ask for. Empty while unknown, and for failed operations.
   */
  images: string[];
  /** The sync operation's outcome, when Argo CD still reported it; its message is detail (`argo-pulse.application.detail.read`). */
  syncResult?: { phase: string; message?: string };
  /** Commit metadata of git revisions (never of OCI digests: see `oci`). */
  commits: ArgoPulseCommit[];
  /**
   * The OCI artifacts among the revisions, one per OCI source (`repoURL: oci://…`, Argo CD
   * 3.1+): the revision is then a manifest digest, neither a commit nor a chart version.
   * Absent when no source is OCI.
   */
  oci?: ArgoPulseOciArtifact[];
  /**
   * How many deployments Argo CD recorded just before this one that Argo
   * Pulse never saw: more happened between two polls than Argo CD keeps in
   * its history (`revisionHistoryLimit`, 10 by default).
   */
  missedBefore?: number;
  /** What happened to the application after the sync; absent for deployments stored before results were kept and not yet decided. */
  result?: ArgoPulseDeploymentResult;
  /** The `id` of the earlier deployment of the same application this one went back to: a rollback. */
  rollbackOf?: string;
  /**
   * Whether Argo CD can roll the application back to this deployment now,
   * and why not, in words ("not in Argo CD's last 10 deployments", "auto-sync
   * is on: Argo CD would undo it", "it runs now"). Absent for failed
   * operations.
   */
  rollback?: { possible: boolean; reason?: string };
  /** Who started this deployment's sync from Backstage (sync or rollback), when it was started there. */
  startedFromBackstage?: { by: string; action: ArgoPulseOperationAction };
}

/**
 * The answer of `GET /entities/:kind/:namespace/:name/history`: one page of
 * an entity's deployments, newest first.
 *
 * @public
 */
export interface EntityHistoryResponse {
  /** The entity's reference in its full form, such as `component:default/payments-api`. */
  entityRef: string;
  /** The deployments of this page, newest first. */
  items: ArgoPulseDeployment[];
  /** Total deployments of the entity's applications. */
  total: number;
  /** Pass as `offset` for the next page; absent on the last page. */
  nextOffset?: number;
  /** A configuration problem with the entity's annotations, in words. */
  problem?: string;
}

/**
 * The answer of `GET /instances`: the freshness of every configured Argo CD instance.
 *
 * @public
 */
export interface InstancesResponse {
  /** One status per configured instance, in configuration order. */
  instances: ArgoPulseInstanceStatus[];
}

/**
 * The payload of a deployment event (the backend's `DEPLOYMENT_EVENT_TOPIC`):
 * a deployment whose application turned degraded after its sync, once per
 * deployment, with the catalog entities whose annotations select it.
 *
 * @public
 */
export interface ArgoPulseDeploymentEvent {
  /** The entities whose Argo CD annotations select the application (from the entity index). */
  entityRefs: string[];
  /** The deployment, with its result; Argo CD's words included (events go to backend modules). */
  deployment: ArgoPulseDeployment;
  /** Whether an expected version CI posted covered it: its own verdict then tells the owners. */
  expected: boolean;
}
