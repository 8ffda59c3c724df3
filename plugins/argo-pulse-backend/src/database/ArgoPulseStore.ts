import type { ArgoPulseApplicationSet } from '@argo-pulse/backstage-plugin-common';
import type { StoredSummary } from './applicationSummary';
import type {
  ApplicationDetailUpdate,
  ApplicationIndexEntry,
  ApplicationKey,
  DeploymentPage,
  DeploymentRecord,
  InstanceStatusRecord,
  OverviewBatch,
  PollFailureRecord,
  PollSuccessRecord,
  RecoveredImages,
  StoredApplication,
} from './types';

/** Where Argo Pulse keeps what it saw. Routes only ever read from here. */
export interface ArgoPulseStore {
  /** The fingerprint of every application of an instance that is still present. */
  getFingerprints(instance: string): Promise<Map<string, string>>;
  /**
   * Writes one batch of a poll's overview (applications and their
   * deployments) atomically; the applications' detail is then pending.
   */
  writeOverviewBatch(batch: OverviewBatch): Promise<void>;
  /** Marks applications that disappeared from Argo CD. */
  markRemoved(keys: ApplicationKey[], at: string): Promise<void>;
  /** Records a poll that read everything it had to. */
  recordPollSuccess(poll: PollSuccessRecord): Promise<void>;
  /** Records why the event stream was dropped, or with none that it works again. */
  recordStreamWarning(options: {
    instance: string;
    at: string;
    warning?: string;
  }): Promise<void>;
  /** Records a failed or unfinished poll; what is known stays. */
  recordPollFailure(poll: PollFailureRecord): Promise<void>;
  /** Marks the applications of an instance whose Argo Rollouts Rollout is still moving as pending detail again; answers how many. */
  markActiveRolloutsPending(instance: string): Promise<number>;
  /** Replaces an instance's ApplicationSets with the ones just read from it. */
  replaceApplicationSets(
    instance: string,
    sets: ArgoPulseApplicationSet[],
  ): Promise<void>;
  /** The stored ApplicationSets of these names in these instances. */
  getApplicationSets(
    keys: Array<{ instance: string; name: string }>,
  ): Promise<ArgoPulseApplicationSet[]>;
  /** Applications of an instance whose resource tree and commit metadata are still to be read, oldest first. */
  listDetailPending(instance: string, limit: number): Promise<ApplicationKey[]>;
  /** The newest recorded deployment of each application that has one, by key string. */
  getNewestDeployments(
    keys: ApplicationKey[],
  ): Promise<Map<string, DeploymentRecord>>;
  /** History entries whose images are unknown or provisional and not yet looked at, except each application's newest; newest first. */
  listUnsettledDeployments(keys: ApplicationKey[]): Promise<DeploymentRecord[]>;
  /** Images seen running (or rendered) at the very same revisions as each deployment, by its event key. */
  getImagesAtSameRevisions(
    deployments: DeploymentRecord[],
  ): Promise<Map<string, string[]>>;
  /** Stores images found for entries recorded without them (unless they got images meanwhile). */
  storeRecoveredImages(recovered: RecoveredImages[]): Promise<void>;
  /** Which of these (application, revision) pairs already have commit metadata or a recorded refusal, as `key/revision`. */
  getKnownCommitRevisions(
    wanted: Array<{ key: ApplicationKey; revision: string }>,
  ): Promise<Set<string>>;
  /** Stores what the detail queue read; an application that changed since keeps its detail pending. */
  applyDetail(updates: ApplicationDetailUpdate[], at: string): Promise<void>;
  /** Present applications (name, project, labels) of the given instances, or all. */
  listApplicationIndex(options: {
    instances?: string[];
    names?: string[];
  }): Promise<ApplicationIndexEntry[]>;
  getApplications(keys: ApplicationKey[]): Promise<StoredApplication[]>;
  /** What an entity's overview shows of these applications (see `ApplicationSummary`), in the keys' order. */
  getApplicationSummaries(keys: ApplicationKey[]): Promise<StoredSummary[]>;
  /** Deployments of these applications, newest first. */
  getDeployments(
    keys: ApplicationKey[],
    page: { limit: number; offset: number },
  ): Promise<DeploymentPage>;
  /**
   * The latest `depth` history entries (successful syncs) of each of these
   * applications, newest first, keyed by `applicationKeyString`: when each
   * finished and the images it ran. One query, whatever the number of applications.
   */
  getRecentImages(
    keys: ApplicationKey[],
    depth: number,
  ): Promise<Map<string, Array<{ finishedAt: string; images: string[] }>>>;
  /** Deployments by their row ids (those that exist), with their commits, keyed by id. */
  getDeploymentsById(
    ids: string[],
  ): Promise<Map<string, DeploymentPage['items'][number]>>;
  getInstanceStatuses(): Promise<InstanceStatusRecord[]>;
  /**
   * Deletes what is older than the retention: deployments that finished,
   * commit metadata fetched, and applications deleted from Argo CD, before
   * the cutoff. Answers how many deployments went.
   */
  pruneHistory(before: string): Promise<number>;
  /**
   * Settles deployments still progressing after the grace or the settle
   * timeout, from their applications as stored; answers the applications
   * whose deployment it settled.
   */
  settleOverdueDeployments(now: string): Promise<ApplicationKey[]>;
}

/** The store's key for an application. */
export function applicationKeyString(key: ApplicationKey): string {
  return `${key.instance}/${key.namespace}/${key.name}`;
}
