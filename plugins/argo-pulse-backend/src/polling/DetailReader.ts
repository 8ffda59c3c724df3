import type { LoggerService } from '@backstage/backend-plugin-api';
import pLimit from 'p-limit';
import type { ArgoCdClient } from '../argocd/ArgoCdClient';
import { isRefusal } from '../argocd/ArgoCdRequestError';
import {
  applicationKeyString,
  ArgoPulseStore,
} from '../database/ArgoPulseStore';
import type { ArgoCdApplicationTree } from '@argo-pulse/backstage-plugin-common';
import type {
  ApplicationDetailUpdate,
  ApplicationKey,
  ApplicationSnapshot,
  CommitRecord,
  DeploymentRecord,
  StoredApplication,
} from '../database/types';
import { gitRevisionsOf, isoTime, ociRevisionsOf } from './readApplication';
import { withResourceTree } from './summarizeResources';
import { firstUnhealthyResource } from './unhealthyResource';
import { readRollouts } from './readRollouts';
import { refreshApplicationSets } from './readApplicationSets';
import { recoverImages } from '../history/recoverImages';

/** What the resource tree adds to a snapshot: each resource's health and images, and why the application is unhealthy. */
function treeDetail(
  snapshot: ApplicationSnapshot,
  tree: ArgoCdApplicationTree,
): Pick<ApplicationDetailUpdate, 'resources' | 'unhealthyResource'> {
  const resources = withResourceTree(snapshot.resources ?? [], tree);
  const unhealthyResource = firstUnhealthyResource(
    snapshot.health.status,
    resources,
    tree,
  );
  return { resources, ...(unhealthyResource ? { unhealthyResource } : {}) };
}

/** Git commits get commit metadata; OCI digests (Argo CD 3.1+) OCIMetadata. */
type RevisionKind = 'git' | 'oci';

/** A revision of an application's newest deployment whose metadata is not stored yet. */
interface WantedRevision {
  revision: string;
  sourceIndex: number;
  kind: RevisionKind;
  deployment: DeploymentRecord;
}

/** Detail requests in flight per instance: the rest of the instance's slots stay free for the overview. */
export const DETAIL_CONCURRENCY = 2;
/** Applications read per round: one store query for their inputs, one transaction for the results. */
const ROUND = 20;

/**
 * Reads what only the application detail needs (the resource tree, the
 * live state of Argo Rollouts Rollouts it names, the commit metadata of the newest deployment's git revisions (the OCIMetadata of its OCI digests), and images of
 * history entries never seen running) for the
 * applications the overview marked pending, in its own scheduler task, so it
 * never delays the overview. The queue is the store: a restart resumes where
 * it stopped. Commit metadata (or OCIMetadata) is asked for at most once per revision when
 * Argo CD answers (metadata, or a 4xx refusal); a transient failure is asked
 * for again when the application next changes. A tree that could not be read
 * stays pending for the next run.
 */
export class DetailReader {
  private readonly requests = pLimit(DETAIL_CONCURRENCY);

  constructor(
    private readonly options: {
      client: ArgoCdClient;
      store: ArgoPulseStore;
      logger: LoggerService;
      /** After each stored round, with the applications whose detail it stored. */
      onApplied?: (keys: ApplicationKey[]) => Promise<void>;
      now?: () => Date;
    },
  ) {}

  get instance(): string {
    return this.options.client.instanceName;
  }

  /**
   * Reads pending applications, a round at a time, until none is left or the
   * signal aborts (the task's timeout); answers how many were stored. A tree
   * that failed stays pending, and is not tried again in the same run.
   */
  async readPending(signal?: AbortSignal): Promise<number> {
    // A moving Rollout changes step, weight and pause without its application changing in the list.
    await this.options.store.markActiveRolloutsPending(this.instance);
    const tried = new Set<string>();
    let stored = 0;
    while (!signal?.aborted) {
      const pending = await this.options.store.listDetailPending(
        this.instance,
        ROUND + tried.size,
      );
      const round = pending
        .filter(key => !tried.has(applicationKeyString(key)))
        .slice(0, ROUND);
      if (round.length === 0) break;
      round.forEach(key => tried.add(applicationKeyString(key)));
      stored += await this.readRound(round, signal);
    }
    await this.readApplicationSets(signal);
    return stored;
  }

  /** The ApplicationSets of the instance's generated applications: their health and progressive sync steps. */
  private async readApplicationSets(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return;
    const outcome = await refreshApplicationSets({
      client: this.options.client,
      store: this.options.store,
      now: () => this.now(),
      signal,
    }).catch((error: Error) => error);
    if (outcome instanceof Error || outcome === 'refused')
      this.options.logger.debug(
        `Could not read the ApplicationSets of ${this.instance}: ${
          outcome instanceof Error ? outcome.message : 'Argo CD refused'
        }`,
      );
  }

  private async readRound(
    keys: ApplicationKey[],
    signal: AbortSignal | undefined,
  ): Promise<number> {
    const { store } = this.options;
    const [applications, newest] = await Promise.all([
      store.getApplications(keys),
      store.getNewestDeployments(keys),
    ]);
    const revisions = applications.flatMap(app => {
      const deployment = newest.get(applicationKeyString(app.snapshot));
      if (!deployment) return [];
      const of =
        (kind: RevisionKind) =>
        (r: { revision: string; sourceIndex: number }) => ({
          key: app.snapshot,
          ...r,
          kind,
          deployment,
        });
      return [
        ...gitRevisionsOf(deployment).map(of('git')),
        ...ociRevisionsOf(deployment).map(of('oci')),
      ];
    });
    const known = await store.getKnownCommitRevisions(revisions);
    const wanted = revisions.filter(
      r => !known.has(`${applicationKeyString(r.key)}/${r.revision}`),
    );
    const updates = await Promise.all(
      applications.map(app =>
        this.readOne(
          app,
          wanted.filter(
            w =>
              applicationKeyString(w.key) ===
              applicationKeyString(app.snapshot),
          ),
          signal,
        ),
      ),
    );
    const read = updates.filter(
      (u): u is ApplicationDetailUpdate => u !== undefined,
    );
    await recoverImages(
      { client: this.options.client, store, requests: this.requests, signal },
      read.map(update => update.key),
    );
    // What was read before a deadline is stored; what was cancelled stays pending.
    if (read.length) {
      await store.applyDetail(read, this.now());
      await this.options.onApplied?.(read.map(update => update.key));
    }
    return read.length;
  }

  /** The tree and new commits (or OCI digests) of one application; undefined when the tree is to be read again later. */
  private async readOne(
    app: StoredApplication,
    commits: WantedRevision[],
    signal: AbortSignal | undefined,
  ): Promise<ApplicationDetailUpdate | undefined> {
    const { snapshot } = app;
    const tree = await this.requests(() =>
      this.options.client.getResourceTree(
        snapshot.name,
        snapshot.namespace || undefined,
        { signal, priority: 'detail' },
      ),
    ).catch((error: Error) => error);
    if (tree instanceof Error && !isRefusal(tree)) {
      this.options.logger.debug(
        `Could not read the resource tree of ${applicationKeyString(
          snapshot,
        )}: ${tree.message}`,
      );
      return undefined;
    }
    const rollouts =
      tree instanceof Error
        ? undefined
        : await readRollouts({
            client: this.options.client,
            key: snapshot,
            tree,
            requests: this.requests,
            signal,
          }).catch((error: Error) => error);
    if (rollouts instanceof Error) {
      this.options.logger.debug(
        `${applicationKeyString(snapshot)}: ${rollouts.message}`,
      );
      return undefined;
    }
    const fetched = await Promise.all(
      commits.map(c => this.readCommit(snapshot, c, signal)),
    );
    return {
      key: snapshot,
      fingerprint: app.fingerprint,
      // A refused tree (403: gone or hidden since) leaves the resources as they are.
      ...(tree instanceof Error ? {} : treeDetail(snapshot, tree)),
      ...(rollouts?.length ? { rollouts } : {}),
      commits: fetched.filter((c): c is CommitRecord => c !== undefined),
    };
  }

  /** Commit metadata of a git revision, or OCIMetadata of a digest, in the commit's shape. */
  private async readCommit(
    key: ApplicationKey,
    wanted: WantedRevision,
    signal: AbortSignal | undefined,
  ): Promise<CommitRecord | undefined> {
    const base = {
      instance: key.instance,
      namespace: key.namespace,
      application: key.name,
      revision: wanted.revision,
    };
    const request = {
      name: key.name,
      namespace: key.namespace || undefined,
      revision: wanted.revision,
      sourceIndex:
        wanted.deployment.sources.length > 1 ? wanted.sourceIndex : undefined,
      signal,
      priority: 'detail' as const,
    };
    const { client } = this.options;
    try {
      if (wanted.kind === 'oci') {
        const oci = await this.requests(() => client.getOciMetadata(request));
        return {
          ...base,
          author: oci.authors || undefined,
          message: oci.description || undefined,
          committedAt: isoTime(oci.createdAt),
          oci: {
            ...(oci.version ? { version: oci.version } : {}),
            ...(oci.sourceUrl ? { sourceUrl: oci.sourceUrl } : {}),
          },
        };
      }
      const metadata = await this.requests(() =>
        client.getRevisionMetadata(request),
      );
      return {
        ...base,
        author: metadata.author,
        message: metadata.message,
        committedAt: isoTime(metadata.date),
      };
    } catch (error) {
      return isRefusal(error)
        ? { ...base, error: (error as Error).message }
        : undefined;
    }
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }
}
