import type {
  ArgoCdHealthStatus,
  ArgoCdResourceResult,
  ArgoCdResourceStatus,
} from '@argo-pulse/backstage-plugin-common';
import type { SimRollout } from './argoRollouts/SimRollout';
import { rolloutServiceNames } from './argoRollouts/rolloutManifest';
import { workloadNameForImage } from './workloads';

/** One Kubernetes object an application manages. */
export interface ManagedObject {
  group: string;
  version: string;
  kind: string;
  name: string;
  namespace: string;
  /** The image a Deployment runs. */
  image?: string;
  /** The images a Rollout's containers run. */
  images?: string[];
}

/** The Rollout an application runs instead of Deployments (its name and strategy are all the manifests need). */
export type RolloutWorkload = Pick<SimRollout, 'name' | 'option'>;

/** Deployments and Rollouts: what an image change changes, and what a sync configures. */
export function isWorkload(object: Pick<ManagedObject, 'kind'>): boolean {
  return object.kind === 'Deployment' || object.kind === 'Rollout';
}

/** The workload that runs an image: the application's Rollout, or the image's own Deployment. */
export function workloadNameIn(
  rollout: RolloutWorkload | undefined,
  image: string,
): string {
  return rollout?.name ?? workloadNameForImage(image);
}

/**
 * What the simulated manifests contain: a Deployment and a Service per image,
 * or one Rollout (a container per image) with the two Services its strategy names.
 */
export function managedObjects(
  images: string[],
  namespace: string,
  rollout?: RolloutWorkload,
): ManagedObject[] {
  if (rollout) {
    const services = rolloutServiceNames(rollout.name, rollout.option.strategy);
    return [
      ...services.map(name => ({
        group: '',
        version: 'v1',
        kind: 'Service',
        name,
        namespace,
      })),
      {
        group: 'argoproj.io',
        version: 'v1alpha1',
        kind: 'Rollout',
        name: rollout.name,
        namespace,
        images,
      },
    ];
  }
  return images.flatMap(image => {
    const name = workloadNameForImage(image);
    return [
      { group: '', version: 'v1', kind: 'Service', name, namespace },
      {
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
        name,
        namespace,
        image,
      },
    ];
  });
}

/** Argo CD omits an empty `group` (the core API group) from resource entries and references. */
export function identity(object: Omit<ManagedObject, 'image' | 'images'>) {
  return {
    ...(object.group ? { group: object.group } : {}),
    version: object.version,
    kind: object.kind,
    namespace: object.namespace,
    name: object.name,
  };
}

/** The health of one object: Deployments as given, everything else Healthy. */
export function healthOf(
  object: ManagedObject,
  deploymentHealth?: ReadonlyMap<string, ArgoCdHealthStatus>,
): ArgoCdHealthStatus {
  return (
    (object.kind === 'Deployment' && deploymentHealth?.get(object.name)) || {
      status: 'Healthy',
    }
  );
}

/**
 * `status.resources`: each object with its sync status. Argo CD 3.x keeps
 * resource health in the resource tree (`status.resourceHealthSource:
 * appTree`), not here.
 */
export function resourceStatuses(
  objects: ManagedObject[],
  outOfSync: ReadonlySet<string> = new Set(),
): ArgoCdResourceStatus[] {
  return objects.map(object => ({
    ...identity(object),
    // Services do not change with an image, so they stay in sync.
    status:
      isWorkload(object) && outOfSync.has(object.name) ? 'OutOfSync' : 'Synced',
  }));
}

/** `syncResult.resources`: what the sync did to each object. */
export function syncResultResources(
  objects: ManagedObject[],
  outcome: 'running' | 'synced' | 'failed',
  message?: string,
): ArgoCdResourceResult[] {
  return objects.map(object => {
    const resource = `${object.kind.toLowerCase()}${
      object.group ? `.${object.group}` : ''
    }/${object.name}`;
    const failed = outcome === 'failed' && isWorkload(object);
    let resultMessage = isWorkload(object)
      ? `${resource} configured`
      : `${resource} unchanged`;
    if (failed) resultMessage = message ?? `${resource} failed`;
    return {
      group: object.group,
      version: object.version,
      kind: object.kind,
      namespace: object.namespace,
      name: object.name,
      status: failed ? 'SyncFailed' : 'Synced',
      message: resultMessage,
      // Real Argo CD leaves non-hook resources at hookPhase Running even after
      // the operation succeeded (see the velero example document).
      hookPhase: failed ? 'Failed' : 'Running',
      syncPhase: 'Sync',
    };
  });
}
