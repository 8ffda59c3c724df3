import type {
  ArgoCdApplication,
  ArgoCdApplicationTree,
  ArgoCdResourceNode,
  ArgoCdResourceRef,
  ArgoPulseResource,
  ArgoPulseSyncResourceResult,
} from '@argo-pulse/backstage-plugin-common';

/** Resources kept per application: enough for any service, bounded for the database. */
export const MAX_RESOURCES = 500;
const MAX_SYNC_RESULTS = 100;

const keyOf = (r: {
  group?: string;
  kind?: string;
  namespace?: string;
  name?: string;
}) => `${r.group ?? ''}/${r.kind ?? ''}/${r.namespace ?? ''}/${r.name ?? ''}`;

/** The images of each node's pods: each pod's images belong to it and to every ancestor (ReplicaSet, Deployment, …). */
function imagesByNode(nodes: ArgoCdResourceNode[]): Map<string, Set<string>> {
  const byUid = new Map(nodes.filter(n => n.uid).map(n => [n.uid!, n]));
  const byKey = new Map(nodes.map(n => [keyOf(n), n]));
  const parentOf = (ref: ArgoCdResourceRef) =>
    (ref.uid && byUid.get(ref.uid)) || byKey.get(keyOf(ref));
  const images = new Map<string, Set<string>>();
  for (const node of nodes) {
    if (!node.images?.length) continue;
    const seen = new Set<ArgoCdResourceNode>();
    const queue: ArgoCdResourceNode[] = [node];
    while (queue.length) {
      const current = queue.shift()!;
      if (seen.has(current)) continue; // ownership cycles would be a bug in Argo CD, not a hang here
      seen.add(current);
      const set = images.get(keyOf(current)) ?? new Set<string>();
      node.images.forEach(image => set.add(image));
      images.set(keyOf(current), set);
      for (const parent of current.parentRefs ?? []) {
        const found = parentOf(parent);
        if (found) queue.push(found);
      }
    }
  }
  return images;
}

/**
 * The resources an application manages (`status.resources`), bounded.
 * Health is the Application's where it still carries it (Argo CD 2); Argo
 * CD 3 keeps it in the resource tree, which `withResourceTree` adds.
 */
export function managedResources(app: ArgoCdApplication): {
  resources: ArgoPulseResource[];
  truncated: boolean;
} {
  const managed = app.status?.resources ?? [];
  const resources = managed.slice(0, MAX_RESOURCES).map(r => ({
    ...(r.group ? { group: r.group } : {}),
    kind: r.kind ?? '',
    ...(r.namespace ? { namespace: r.namespace } : {}),
    name: r.name ?? '',
    ...(r.status ? { syncStatus: r.status } : {}),
    ...(r.health?.status
      ? {
          health: {
            status: r.health.status,
            ...(r.health.message ? { message: r.health.message } : {}),
          },
        }
      : {}),
  }));
  return { resources, truncated: managed.length > MAX_RESOURCES };
}

/** Managed resources with each one's health and running images from the resource tree. */
export function withResourceTree(
  resources: ArgoPulseResource[],
  tree: ArgoCdApplicationTree,
): ArgoPulseResource[] {
  const nodes = tree.nodes ?? [];
  const nodeByKey = new Map(nodes.map(n => [keyOf(n), n]));
  const images = imagesByNode(nodes);
  return resources.map(r => {
    const health = nodeByKey.get(keyOf(r))?.health;
    const running = images.get(keyOf(r));
    return {
      ...r,
      ...(health?.status
        ? {
            health: {
              status: health.status,
              ...(health.message ? { message: health.message } : {}),
            },
          }
        : {}),
      ...(running?.size ? { images: [...running].sort() } : {}),
    };
  });
}

/** Managed resources, with the tree's health and images when there is a tree. */
export function summarizeResources(
  app: ArgoCdApplication,
  tree: ArgoCdApplicationTree | undefined,
): { resources: ArgoPulseResource[]; truncated: boolean } {
  const managed = managedResources(app);
  return tree
    ? { ...managed, resources: withResourceTree(managed.resources, tree) }
    : managed;
}

/**
 * The last sync's resource results worth reading: anything not Synced
 * (failed, pruned, prune skipped) and hooks. Argo CD reports every applied
 * resource too ("… serverside-applied", hookPhase Running): that is noise.
 */
export function notableSyncResults(
  app: ArgoCdApplication,
): ArgoPulseSyncResourceResult[] {
  const results = app.status?.operationState?.syncResult?.resources ?? [];
  return results
    .filter(r => (r.status && r.status !== 'Synced') || r.hookType)
    .slice(0, MAX_SYNC_RESULTS)
    .map(r => ({
      ...(r.group ? { group: r.group } : {}),
      kind: r.kind ?? '',
      ...(r.namespace ? { namespace: r.namespace } : {}),
      name: r.name ?? '',
      ...(r.status ? { status: r.status } : {}),
      ...(r.message ? { message: r.message } : {}),
      ...(r.hookPhase ? { hookPhase: r.hookPhase } : {}),
    }));
}
