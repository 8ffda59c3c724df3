import { ARGOCD_APPLICATION_SET_LABEL } from '@argo-pulse/backstage-plugin-common';
import type { ApplicationSnapshot } from './types';

/**
 * Sync status and revisions, and for a hydrated application the dry commit
 * (CI's) its synced hydrated commit was made from, as Argo CD's hydrations say.
 */
export function syncOf(
  snapshot: Pick<ApplicationSnapshot, 'sync' | 'hydrations'>,
): ApplicationSummary['sync'] {
  const [revision, ...more] = snapshot.sync.revisions;
  const dry =
    revision && more.length === 0
      ? snapshot.hydrations?.find(h => h.hydratedSHA === revision)?.drySHA
      : undefined;
  return dry ? { ...snapshot.sync, dryRevision: dry } : snapshot.sync;
}

/** `{ applicationSet }` when the ApplicationSet controller's label names one. */
export function applicationSetOf(labels: Record<string, string> | undefined) {
  const name = labels?.[ARGOCD_APPLICATION_SET_LABEL];
  return name ? { applicationSet: name } : {};
}

/**
 * What an entity's overview shows of an application: the part of its
 * snapshot a page view needs, stored beside the snapshot (`summary`) so
 * that a view reads a few hundred bytes per application, not the resources
 * and sources of the detail.
 */
export type ApplicationSummary = Pick<
  ApplicationSnapshot,
  | 'instance'
  | 'namespace'
  | 'name'
  | 'project'
  | 'health'
  | 'images'
  | 'unhealthyResource'
  | 'rollouts'
  | 'lastDeployedAt'
  | 'lastDeployedBy'
> & {
  /** Sync status and revisions; for a hydrated application, the dry commit of the synced one. */
  sync: ApplicationSnapshot['sync'] & { dryRevision?: string };
  /** The ApplicationSet that generated it, from its label. */
  applicationSet?: string;
  operation?: Pick<
    NonNullable<ApplicationSnapshot['operation']>,
    'phase' | 'message' | 'startedAt' | 'finishedAt'
  >;
};

/** A stored application as an overview reads it: its summary and when it was seen. */
export interface StoredSummary {
  snapshot: ApplicationSummary;
  observedAt: string;
}

/** The overview's part of a snapshot. */
export function summarize(snapshot: ApplicationSnapshot): ApplicationSummary {
  const { operation: op } = snapshot;
  return {
    instance: snapshot.instance,
    namespace: snapshot.namespace,
    name: snapshot.name,
    project: snapshot.project,
    ...applicationSetOf(snapshot.labels),
    sync: syncOf(snapshot),
    health: snapshot.health,
    images: snapshot.images,
    ...(op
      ? {
          operation: {
            phase: op.phase,
            ...(op.message ? { message: op.message } : {}),
            ...(op.startedAt ? { startedAt: op.startedAt } : {}),
            ...(op.finishedAt ? { finishedAt: op.finishedAt } : {}),
          },
        }
      : {}),
    ...(snapshot.unhealthyResource
      ? { unhealthyResource: snapshot.unhealthyResource }
      : {}),
    ...(snapshot.rollouts?.length ? { rollouts: snapshot.rollouts } : {}),
    ...(snapshot.lastDeployedAt
      ? { lastDeployedAt: snapshot.lastDeployedAt }
      : {}),
    ...(snapshot.lastDeployedBy
      ? { lastDeployedBy: snapshot.lastDeployedBy }
      : {}),
  };
}
