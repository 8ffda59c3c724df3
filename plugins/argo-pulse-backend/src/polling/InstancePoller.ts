import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ArgoCdApplication } from '@argo-pulse/backstage-plugin-common';
import { createHash } from 'node:crypto';
import type { ArgoCdClient } from '../argocd/ArgoCdClient';
import { ArgoCdRequestError } from '../argocd/ArgoCdRequestError';
import { applicationKeyString, ArgoPulseStore } from '../database/ArgoPulseStore';
import type { ApplicationKey, CommitRecord, DeploymentRecord, PollResult, StoredApplication } from '../database/types';
import type { ArgoPulseMetrics } from '../metrics';
import { gitRevisionsOf, isoTime, toDeployments, toSnapshot } from './readApplication';

/** What one poll of one instance found. */
export interface PollSummary {
  instance: string;
  listed: number;
  changed: ApplicationKey[];
  removed: ApplicationKey[];
}

function fingerprintOf(item: ArgoCdApplication): string {
  return createHash('sha256').update(JSON.stringify(item)).digest('hex');
}

function keyOf(instance: string, app: ArgoCdApplication): ApplicationKey {
  return { instance, namespace: app.metadata?.namespace ?? '', name: app.metadata?.name ?? '' };
}

/** Rejects when the poll's deadline passes, rather than waiting for requests still in flight. */
function abortable<T>(work: Promise<T>, deadline: AbortSignal, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error(`the poll did not finish within ${timeoutMs} ms`));
    if (deadline.aborted) onAbort();
    deadline.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => deadline.removeEventListener('abort', onAbort));
  });
}

/**
 * Polls one Argo CD instance: one projected list request; a full GET only
 * for applications whose list entry changed; commit metadata for new git
 * revisions; then everything written in one transaction. A failure is
 * recorded as the instance's status, never thrown at the scheduler.
 */
export class InstancePoller {
  constructor(
    private readonly options: {
      client: ArgoCdClient;
      store: ArgoPulseStore;
      logger: LoggerService;
      metrics: ArgoPulseMetrics;
      /** The longest one poll may take (`polling.timeout`); past it the poll fails and writes nothing. */
      timeoutMs: number;
      now?: () => Date;
    },
  ) {}

  get instance(): string {
    return this.options.client.instanceName;
  }

  /**
   * One poll; `signal` is the scheduler's, aborted when the task's own
   * timeout passes. Reading Argo CD must finish within `timeoutMs`; once
   * the write has started it is allowed to finish, so what is stored and
   * what is reported (and evaluated) never disagree.
   */
  async poll(signal?: AbortSignal): Promise<PollSummary | undefined> {
    const started = performance.now();
    const deadline = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const read = await abortable(this.read(signal ? AbortSignal.any([signal, deadline]) : deadline), deadline, this.options.timeoutMs);
      await this.options.store.applyPollResult({ ...read.result, finishedAt: this.now(), durationMs: performance.now() - started });
      this.options.metrics.pollSucceeded(this.instance, performance.now() - started, read.summary.listed);
      return read.summary;
    } catch (error) {
      const durationMs = performance.now() - started;
      const message = error instanceof Error ? error.message : String(error);
      this.options.logger.warn(`Polling Argo CD instance "${this.instance}" failed: ${message}`);
      this.options.metrics.pollFailed(this.instance, durationMs);
      await this.options.store.recordPollFailure({ instance: this.instance, at: this.now(), error: message, durationMs });
      return undefined;
    }
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  /** Everything a poll reads from Argo CD, ready to write. */
  private async read(signal: AbortSignal): Promise<{ result: Omit<PollResult, 'finishedAt' | 'durationMs'>; summary: PollSummary }> {
    const { client, store } = this.options;
    const [list, known] = await Promise.all([client.listApplications(), store.getFingerprints(this.instance)]);

    const listedKeys = new Set<string>();
    const candidates: Array<{ key: ApplicationKey; fingerprint: string }> = [];
    for (const item of list.items) {
      const key = keyOf(this.instance, item);
      const id = applicationKeyString(key);
      listedKeys.add(id);
      const fingerprint = fingerprintOf(item);
      if (known.get(id) !== fingerprint) candidates.push({ key, fingerprint });
    }
    const removed = [...known.keys()]
      .filter(id => !listedKeys.has(id))
      .map(id => {
        const [instance, namespace, name] = id.split('/');
        return { instance, namespace, name };
      });

    const fetched = await Promise.all(candidates.map(candidate => this.fetchChanged(candidate.key, candidate.fingerprint)));
    const changed = fetched.filter((c): c is NonNullable<typeof c> => c !== undefined);
    const deployments = changed.flatMap(c => c.deployments);
    const commits = (await Promise.all(changed.map(c => this.newCommits(c.key, c.deployments)))).flat();

    // A poll that overran its time writes nothing: the next one starts from what is stored.
    signal.throwIfAborted();
    return {
      result: {
        instance: this.instance,
        applicationCount: list.items.length,
        changed: changed.map(c => c.stored),
        removed,
        deployments,
        commits,
      },
      summary: { instance: this.instance, listed: list.items.length, changed: changed.map(c => c.key), removed },
    };
  }

  /** The full application behind a changed list entry; undefined if it vanished meanwhile or failed. */
  private async fetchChanged(key: ApplicationKey, fingerprint: string) {
    const { client } = this.options;
    const namespace = key.namespace || undefined;
    let app: ArgoCdApplication;
    // The tree gives resource health and pod images (application detail). Without it
    // the snapshot still serves the overview; the next change fetches it again.
    const tree = client.getResourceTree(key.name, namespace).catch((error: Error) => {
      if (!(error instanceof ArgoCdRequestError && error.status === 403)) {
        this.options.logger.warn(`Could not read the resource tree of ${applicationKeyString(key)}: ${error.message}`);
      }
      return undefined;
    });
    try {
      app = await client.getApplication(key.name, namespace);
    } catch (error) {
      // 403 means deleted since the list (or no longer visible); anything else
      // leaves the old fingerprint, so the next poll tries again.
      if (!(error instanceof ArgoCdRequestError && error.status === 403)) {
        this.options.logger.warn(`Could not read application ${applicationKeyString(key)}: ${(error as Error).message}`);
      }
      return undefined;
    }
    const stored: StoredApplication = { snapshot: toSnapshot(this.instance, app, await tree), fingerprint, observedAt: this.now() };
    return { key, stored, deployments: toDeployments(this.instance, app) };
  }

  /**
   * Commit metadata for the newest deployment's git revisions not asked for
   * before: at most once per revision, ever, when Argo CD gave an answer
   * (metadata, or a 4xx refusal). A transient failure (timeout, network,
   * 5xx) is not recorded, so the revision is asked for again when the
   * application next changes.
   */
  private async newCommits(key: ApplicationKey, deployments: DeploymentRecord[]): Promise<CommitRecord[]> {
    const newest = deployments[deployments.length - 1];
    if (!newest) return [];
    const revisions = gitRevisionsOf(newest);
    const known = await this.options.store.getKnownCommitRevisions(key, revisions.map(r => r.revision));
    const wanted = revisions.filter(r => !known.has(r.revision));
    const fetched = await Promise.all(
      wanted.map(async ({ revision, sourceIndex }): Promise<CommitRecord | undefined> => {
        const base = { instance: key.instance, namespace: key.namespace, application: key.name, revision };
        try {
          const metadata = await this.options.client.getRevisionMetadata({
            name: key.name,
            namespace: key.namespace || undefined,
            revision,
            sourceIndex: newest.sources.length > 1 ? sourceIndex : undefined,
          });
          return { ...base, author: metadata.author, message: metadata.message, committedAt: isoTime(metadata.date) };
        } catch (error) {
          const refused = error instanceof ArgoCdRequestError && error.status !== undefined && error.status >= 400 && error.status < 500;
          if (!refused) return undefined;
          return { ...base, error: error.message };
        }
      }),
    );
    return fetched.filter((c): c is CommitRecord => c !== undefined);
  }
}
