import type { DeploymentResult } from './deploymentResult';
import type {
  ArgoPulseApplicationDetail,
  ArgoPulseInstanceErrorCategory,
  ArgoPulseResource,
  ArgoPulseRollout,
  ArgoPulseSource,
  ArgoPulseUnhealthyResource,
} from '@argo-pulse/backstage-plugin-common';

/** Identifies an application: Argo CD names are unique per instance and namespace. */
export interface ApplicationKey {
  instance: string;
  namespace: string;
  name: string;
}

/** What Argo Pulse keeps of an application between polls. */
export interface ApplicationSnapshot extends ApplicationKey {
  project: string;
  labels: Record<string, string>;
  sync: { status: string; revisions: string[] };
  health: { status: string; message?: string };
  /** The last operation, with its message, revisions and notable resource results (detail). */
  operation?: NonNullable<ArgoPulseApplicationDetail['operation']>;
  images: string[];
  sources: ArgoPulseSource[];
  destination: { server?: string; name?: string; namespace?: string };
  conditions: ArgoPulseApplicationDetail['conditions'];
  /** Managed resources with health and images (detail); absent in snapshots stored before they were kept. */
  resources?: ArgoPulseResource[];
  resourcesTruncated?: boolean;
  /** Why it is Degraded or Missing, from the resource tree (detail); set by the detail reader. */
  unhealthyResource?: ArgoPulseUnhealthyResource;
  /** Argo Rollouts Rollouts it manages, from their live manifests (set by the detail reader). */
  rollouts?: ArgoPulseRollout[];
  lastDeployedAt?: string;
  lastDeployedBy?: { username?: string; automated?: boolean };
  reconciledAt?: string;
  /**
   * A hydrated application's (Argo CD's source hydrator) hydrations Argo CD
   * still reports: the dry commit CI made and the hydrated commit Argo CD wrote
   * from it and syncs (the last successful hydration, and the current one).
   * Absent for other applications.
   */
  hydrations?: HydrationRecord[];
  /**
   * What a rollback from Backstage depends on: the entries Argo CD keeps in
   * its history now (its id and when it finished: ids restart when an
   * application is re-created), how many it keeps, and whether auto-sync is
   * on. Absent in snapshots stored before it was kept, until the application
   * changes.
   */
  rollback?: {
    history: Array<{ id: number; deployedAt: string }>;
    /** `spec.revisionHistoryLimit`, 10 when unset. */
    historyLimit: number;
    /** `spec.syncPolicy.automated` is set and not `enabled: false`. */
    autoSync: boolean;
  };
}

/** One hydration of a hydrated application: the dry commit and the hydrated commit made from it. */
export interface HydrationRecord {
  drySHA: string;
  hydratedSHA: string;
}

/** A stored application: its snapshot plus bookkeeping. */
export interface StoredApplication {
  snapshot: ApplicationSnapshot;
  /** Hash of the projected list entry it was last fetched for. */
  fingerprint: string;
  observedAt: string;
}

/** The slim row used to resolve entities to applications. */
export interface ApplicationIndexEntry extends ApplicationKey {
  project: string;
  labels: Record<string, string>;
}

/**
 * One deployment of one application: an entry of Argo CD's history (a
 * successful sync), or an operation that failed, which Argo CD keeps only in
 * `status.operationState` until the next one.
 */
export interface DeploymentRecord {
  instance: string;
  namespace: string;
  application: string;
  /** Argo CD's history id; absent for a failed operation. */
  historyId?: number;
  /** Argo CD's revisions, one per source (for a hydrated application, the hydrated commit). */
  revisions: string[];
  /**
   * For a hydrated application (Argo CD's source hydrator): the dry commit CI
   * made, which `revisions[0]` was hydrated from, when Argo CD still said so
   * when the deployment was first seen.
   */
  dryRevision?: string;
  sources: ArgoPulseSource[];
  startedAt?: string;
  finishedAt: string;
  initiatedBy?: { username?: string; automated?: boolean };
  images: string[];
  /**
   * True when `images` are what runs once the deployment settled (Synced,
   * Healthy, no operation running): they then replace what was recorded.
   */
  imagesSettled: boolean;
  syncResult?: { phase: string; message?: string };
  /** History entries just before this one that Argo CD dropped before a poll saw them. */
  missedBefore?: number;
  /** What happened to the application after the sync (see `history/deploymentResult`); absent until decided. */
  result?: DeploymentResult;
  /** The event key of the earlier deployment of the application this one went back to. */
  rollbackOf?: string;
}

/** Images found for a deployment recorded without them, and where they came from. */
export interface RecoveredImages {
  deployment: DeploymentRecord;
  images: string[];
  /** `same-revision`: another entry at the same revisions ran them; `manifests`: Argo CD rendered them; `none`: Argo CD could not say. */
  from: 'same-revision' | 'manifests' | 'none';
}

/** Commit metadata of one revision, or why there is none. */
export interface CommitRecord {
  instance: string;
  namespace: string;
  application: string;
  revision: string;
  author?: string;
  message?: string;
  committedAt?: string;
  /**
   * For a digest of an OCI source (Argo CD's OCIMetadata; `author` holds its authors,
   * `committedAt` its createdAt, `message` its description): the version (tag) and the
   * source repository its annotations name.
   */
  oci?: { version?: string; sourceUrl?: string };
  error?: string;
}

/** How the last poll of an instance went. */
export interface InstanceStatusRecord {
  instance: string;
  lastAttemptAt?: string;
  lastSuccessAt?: string;
  /** The last poll's failure: a short reason for users, and its category. */
  lastError?: string;
  lastErrorCategory?: ArgoPulseInstanceErrorCategory;
  lastErrorAt?: string;
  /** Requests to Argo CD the last poll made. */
  cycleRequests?: number;
  applicationCount: number;
  cycleDurationMs?: number;
  /** Problems that do not stop polling, with when each was seen (Argo CD ignored `fields`, a silent stream). */
  warnings: Array<{ message: string; at: string }>;
}

/** One batch of a poll's overview, written in one transaction as it arrives. */
export interface OverviewBatch {
  instance: string;
  /** Applications whose list entry changed (or are new), with their fresh snapshots. */
  applications: StoredApplication[];
  deployments: DeploymentRecord[];
}

/** What the detail queue read for one application. */
export interface ApplicationDetailUpdate {
  key: ApplicationKey;
  /** The fingerprint the detail was read for: if the application changed since, it is not applied. */
  fingerprint: string;
  /** Managed resources with the tree's health and images; absent when Argo CD refused the tree. */
  resources?: ArgoPulseResource[];
  /** Why the application is unhealthy, read with the tree; absent when healthy or when the tree was refused. */
  unhealthyResource?: ArgoPulseUnhealthyResource;
  /** The Argo Rollouts Rollouts the tree names, read with it; absent when there are none or the tree was refused. */
  rollouts?: ArgoPulseRollout[];
  commits: CommitRecord[];
}

/** Deployments for a history page. */
export interface DeploymentPage {
  items: Array<DeploymentRecord & { commits: CommitRecord[] }>;
  total: number;
}

/** A poll that read everything it had to. */
export interface PollSuccessRecord {
  instance: string;
  at: string;
  applicationCount: number;
  durationMs: number;
  requests?: number;
  /** Why the list was heavier than asked; none clears an earlier one. */
  listWarning?: string;
}

/** A failed or unfinished poll. */
export interface PollFailureRecord {
  instance: string;
  at: string;
  error: PollFailure;
  durationMs: number;
  applicationCount?: number;
  requests?: number;
}

/** Why a poll failed, as users see it: a category and a short reason. */
export interface PollFailure {
  category: ArgoPulseInstanceErrorCategory;
  reason: string;
}
