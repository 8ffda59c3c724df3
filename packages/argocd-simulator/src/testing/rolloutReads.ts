import type {
  ArgoCdApplication,
  ArgoCdApplicationTree,
  ArgoRollout,
} from '@argo-pulse/backstage-plugin-common';

type ArgoCall = (
  instance: string,
  path: string,
  init?: RequestInit,
) => Promise<Response>;

/**
 * What a client of Argo CD reads of an application that runs a Rollout, through the API:
 * the Application, its tree, and the live Rollout (`GET .../resource`, as Argo Pulse reads it).
 */
export function rolloutReads(argo: ArgoCall, instance = 'main') {
  const json = async <T>(path: string): Promise<T> => {
    const response = await argo(instance, path);
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };
  return {
    app: (name: string) =>
      json<ArgoCdApplication>(`/api/v1/applications/${name}`),
    tree: (name: string) =>
      json<ArgoCdApplicationTree>(`/api/v1/applications/${name}/resource-tree`),
    /** The live Rollout `<name>` of application `<name>` (in namespace `<name>`, as `gitApp` puts it). */
    rollout: async (name: string): Promise<ArgoRollout> => {
      const query = new URLSearchParams({
        namespace: name,
        resourceName: name,
        version: 'v1alpha1',
        group: 'argoproj.io',
        kind: 'Rollout',
      });
      const { manifest } = await json<{ manifest: string }>(
        `/api/v1/applications/${name}/resource?${query}`,
      );
      return JSON.parse(manifest) as ArgoRollout;
    },
  };
}

/** The images of each pod under the ReplicaSet `name` of a tree (one entry per pod). */
export function podImagesUnder(
  tree: ArgoCdApplicationTree,
  replicaSet: string,
): string[][] {
  const rs = tree.nodes!.find(
    n => n.kind === 'ReplicaSet' && n.name === replicaSet,
  );
  if (!rs) throw new Error(`no ReplicaSet ${replicaSet} in the tree`);
  return tree
    .nodes!.filter(n => n.kind === 'Pod' && n.parentRefs?.[0]?.uid === rs.uid)
    .map(n => n.images ?? []);
}
