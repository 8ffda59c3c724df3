import type { ArgoCdClient } from '../argocd/ArgoCdClient';
import { isRefusal } from '../argocd/ArgoCdRequestError';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import { deploymentEventKey } from '../database/deploymentIdentity';
import type {
  ApplicationKey,
  DeploymentRecord,
  RecoveredImages,
} from '../database/types';
import { manifestImages } from './manifestImages';

/**
 * Finds images for the history entries of these applications that were
 * never seen running settled (more than one deployment between two polls,
 * or one superseded mid-rollout, whose images are provisional): first from an entry at the same revisions
 * that was seen (free), else from the manifests Argo CD renders at the
 * entry's revisions (one request each, at detail priority). A refusal (4xx:
 * the revision is gone from git, the manifests cannot be generated) is
 * recorded as `none` and not asked again; any other failure is asked again
 * when the application next changes. Answers how many entries got images.
 */
export async function recoverImages(
  options: {
    client: ArgoCdClient;
    store: ArgoPulseStore;
    requests: <T>(request: () => Promise<T>) => Promise<T>;
    signal?: AbortSignal;
  },
  keys: ApplicationKey[],
): Promise<number> {
  const { client, store, requests, signal } = options;
  const unsettled = await store.listUnsettledDeployments(keys);
  if (unsettled.length === 0) return 0;
  const sameRevisions = await store.getImagesAtSameRevisions(unsettled);
  const fromManifests = async (
    deployment: DeploymentRecord,
  ): Promise<RecoveredImages | undefined> => {
    try {
      const answer = await requests(() =>
        client.getManifests({
          name: deployment.application,
          namespace: deployment.namespace || undefined,
          revisions: deployment.revisions,
          signal,
          priority: 'detail',
        }),
      );
      const images = manifestImages(answer.manifests);
      return { deployment, images, from: images.length ? 'manifests' : 'none' };
    } catch (error) {
      return isRefusal(error)
        ? { deployment, images: [], from: 'none' }
        : undefined;
    }
  };
  const recovered = await Promise.all(
    unsettled.map(deployment => {
      const same = sameRevisions.get(deploymentEventKey(deployment));
      return same
        ? ({ deployment, images: same, from: 'same-revision' } as const)
        : fromManifests(deployment);
    }),
  );
  const found = recovered.filter((r): r is RecoveredImages => r !== undefined);
  if (found.length) await store.storeRecoveredImages(found);
  return found.filter(r => r.images.length).length;
}
