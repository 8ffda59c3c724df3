import type {
  ArgoCdApplicationTree,
  ArgoCdResourceNode,
  ArgoPulseResource,
  ArgoPulseUnhealthyResource,
} from '@argo-pulse/backstage-plugin-common';

/** Health states that have a cause worth naming: the application is not merely on its way. */
const UNHEALTHY = new Set(['Degraded', 'Missing']);

/** The "Status Reason" Argo CD shows for a pod (ImagePullBackOff, CrashLoopBackOff, …). */
function statusReason(node: ArgoCdResourceNode): string | undefined {
  return node.info?.find(i => i.name === 'Status Reason')?.value || undefined;
}

function describe(
  r: { group?: string; kind?: string; namespace?: string; name?: string },
  health: { status: string; message?: string },
  reason?: string,
): ArgoPulseUnhealthyResource {
  return {
    ...(r.group ? { group: r.group } : {}),
    kind: r.kind ?? '',
    ...(r.namespace ? { namespace: r.namespace } : {}),
    name: r.name ?? '',
    status: health.status,
    ...(health.message ? { message: health.message } : {}),
    ...(reason ? { reason } : {}),
  };
}

/**
 * Why an application is Degraded or Missing, in one resource: a failing pod
 * from the resource tree first (it carries the cause, such as
 * ImagePullBackOff, where its Deployment only says it exceeded its progress
 * deadline), else the first unhealthy managed resource, preferring one with
 * a message. Undefined when the application is healthy or nothing says why.
 */
export function firstUnhealthyResource(
  applicationHealth: string,
  resources: ArgoPulseResource[],
  tree?: ArgoCdApplicationTree,
): ArgoPulseUnhealthyResource | undefined {
  if (!UNHEALTHY.has(applicationHealth)) return undefined;
  const unhealthyPods = (tree?.nodes ?? []).filter(
    n => n.kind === 'Pod' && n.health?.status && UNHEALTHY.has(n.health.status),
  );
  const pod = unhealthyPods.find(n => n.health?.message) ?? unhealthyPods[0];
  if (pod)
    return describe(
      pod,
      { status: pod.health!.status!, message: pod.health!.message },
      statusReason(pod),
    );
  const managed = resources.filter(
    r => r.health && UNHEALTHY.has(r.health.status),
  );
  const resource = managed.find(r => r.health!.message) ?? managed[0];
  return resource ? describe(resource, resource.health!) : undefined;
}
