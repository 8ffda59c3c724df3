import type {
  ArgoCdApplicationTree,
  ArgoPulseRollout,
  ArgoRollout,
} from '@argo-pulse/backstage-plugin-common';
import type { ArgoCdClient } from '../argocd/ArgoCdClient';
import { ArgoCdRequestError, isRefusal } from '../argocd/ArgoCdRequestError';
import type { ApplicationKey } from '../database/types';
import {
  ROLLOUT_GROUP,
  ROLLOUT_KIND,
  rolloutState,
} from '../rollouts/rolloutState';

/** Rollouts read per application: an application with more is unusual, and each is a request. */
export const MAX_ROLLOUTS_PER_APPLICATION = 5;

const isBadAnswer = (error: unknown) =>
  error instanceof ArgoCdRequestError && error.kind === 'bad-answer';

/** A transient failure reading a Rollout: the detail is read again later, as for a tree that failed. */
export class RolloutReadFailed extends Error {}

/**
 * The Argo Rollouts Rollouts the tree names, each read from its live
 * manifest (`GET .../resource`): the tree has their health but not their
 * steps, weights or pauses. A Rollout Argo CD refuses (gone since the tree,
 * or hidden) or answers no manifest is left out; any other failure throws {@link RolloutReadFailed}.
 */
export async function readRollouts(options: {
  client: ArgoCdClient;
  key: ApplicationKey;
  tree: ArgoCdApplicationTree;
  /** Runs each request within the detail reader's concurrency limit. */
  requests: <T>(request: () => Promise<T>) => Promise<T>;
  signal?: AbortSignal;
}): Promise<ArgoPulseRollout[]> {
  const { client, key, tree, requests, signal } = options;
  const nodes = (tree.nodes ?? [])
    .filter(node => node.group === ROLLOUT_GROUP && node.kind === ROLLOUT_KIND)
    .slice(0, MAX_ROLLOUTS_PER_APPLICATION);
  const read = await Promise.all(
    nodes.map(async node => {
      try {
        const manifest = await requests(() =>
          client.getResource(
            { name: key.name, namespace: key.namespace || undefined },
            {
              group: ROLLOUT_GROUP,
              version: node.version ?? 'v1alpha1',
              kind: ROLLOUT_KIND,
              namespace: node.namespace,
              name: node.name ?? '',
            },
            { signal, priority: 'detail' },
          ),
        );
        return typeof manifest === 'object' && manifest !== null
          ? rolloutState(manifest as ArgoRollout, tree)
          : undefined;
      } catch (error) {
        // Refused, or not a manifest at all: asking again would not change the answer.
        if (isRefusal(error) || isBadAnswer(error)) return undefined;
        throw new RolloutReadFailed(
          `Could not read Rollout ${node.name}: ${(error as Error).message}`,
        );
      }
    }),
  );
  return read.filter((r): r is ArgoPulseRollout => r !== undefined);
}
