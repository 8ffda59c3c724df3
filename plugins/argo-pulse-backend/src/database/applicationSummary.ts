import { ARGOCD_APPLICATION_SET_LABEL } from '@argo-pulse/backstage-plugin-common';
import type { ApplicationSnapshot } from './types';

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
  | 'sync'
  | 'health'
  | 'images'
  | 'unhealthyResource'
  | 'rollouts'
  | 'lastDeployedAt'
  | 'lastDeployedBy'
> & {
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
    sync: snapshot.sync,
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
