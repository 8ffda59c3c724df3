import type {
  ArgoCdHealthStatus,
  ArgoCdResourceResult,
  ArgoCdResourceStatus,
} from '@argo-pulse/backstage-plugin-common';
import { workloadNameForImage } from './workloads';

/** One Kubernetes object an application manages. */
export interface ManagedObject {
  group: string;
  version: string;
  kind: string;
  name: string;
  namespace: string;
  /** The image a workload runs (Deployments only). */
  image?: string;
}

/** What the simulated manifests contain: a Deployment and a Service per image. */
export function managedObjects(
  images: string[],
  namespace: string,
): ManagedObject[] {
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
export function identity(object: Omit<ManagedObject, 'image'>) {
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
      object.kind === 'Deployment' && outOfSync.has(object.name)
        ? 'OutOfSync'
        : 'Synced',
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
    const failed = outcome === 'failed' && object.kind === 'Deployment';
    let resultMessage =
      object.kind === 'Deployment'
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
