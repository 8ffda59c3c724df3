import type {
  ApplicationIndexEntry,
  ApplicationKey,
  DeploymentPage,
  InstanceStatusRecord,
  PollResult,
  StoredApplication,
} from './types';

/** Where Argo Pulse keeps what it saw. Routes only ever read from here. */
export interface ArgoPulseStore {
  /** The fingerprint of every application of an instance that is still present. */
  getFingerprints(instance: string): Promise<Map<string, string>>;
  /** Writes a poll's changes, marks removals and records success, atomically. */
  applyPollResult(result: PollResult): Promise<void>;
  /** Records a failed poll without touching what is known. */
  recordPollFailure(options: { instance: string; at: string; error: string; durationMs: number }): Promise<void>;
  /** Which of these revisions of an application already have commit metadata (or a recorded failure). */
  getKnownCommitRevisions(key: ApplicationKey, revisions: string[]): Promise<Set<string>>;
  /** Present applications (name, project, labels) of the given instances, or all. */
  listApplicationIndex(options: { instances?: string[]; names?: string[] }): Promise<ApplicationIndexEntry[]>;
  getApplications(keys: ApplicationKey[]): Promise<StoredApplication[]>;
  /** Deployments of these applications, newest first. */
  getDeployments(keys: ApplicationKey[], page: { limit: number; offset: number }): Promise<DeploymentPage>;
  getInstanceStatuses(): Promise<InstanceStatusRecord[]>;
  /** Deletes deployments that finished before the cutoff; returns how many. */
  pruneDeployments(finishedBefore: string): Promise<number>;
}

/** The store's key for an application. */
export function applicationKeyString(key: ApplicationKey): string {
  return `${key.instance}/${key.namespace}/${key.name}`;
}
