import type {
  ArgoCdApplicationTree,
  ArgoCdResourceNode,
} from '@argo-pulse/backstage-plugin-common';
import { rolloutNodes } from './argoRollouts/rolloutTree';
import { sha1Hex, uidFor } from './ids';
import { healthOf, identity, managedObjects, ManagedObject } from './resources';
import type { SimApplication } from './SimApplication';
import { repositoryOf } from './workloads';

/** A reference to an object, as a tree node and its children's parentRefs give it. */
function ref(object: Omit<ManagedObject, 'image' | 'images'>, uid: string) {
  return { ...identity(object), uid };
}

/** A pod node, running or stuck pulling its image. */
function podNode(
  app: SimApplication,
  deployment: ManagedObject,
  image: string,
  replicaSet: ReturnType<typeof ref>,
): ArgoCdResourceNode {
  const failing = app.failingPod?.image === image;
  const name = `${replicaSet.name}-${sha1Hex(replicaSet.name, 'pod').slice(
    0,
    5,
  )}`;
  return {
    ...ref(
      {
        group: '',
        version: 'v1',
        kind: 'Pod',
        name,
        namespace: deployment.namespace,
      },
      uidFor(replicaSet.uid, 'pod'),
    ),
    parentRefs: [replicaSet],
    info: failing
      ? [
          { name: 'Status Reason', value: app.failingPod!.reason },
          { name: 'Containers', value: '0/1' },
        ]
      : [
          { name: 'Status Reason', value: 'Running' },
          { name: 'Node', value: 'worker-1' },
          { name: 'Containers', value: '1/1' },
        ],
    images: [image],
    health: failing
      ? { status: 'Degraded', message: app.failingPod!.message }
      : { status: 'Healthy' },
    resourceVersion: String(parseInt(sha1Hex(name).slice(0, 6), 16)),
    createdAt:
      app.doc.status.operationState?.finishedAt ??
      app.doc.metadata.creationTimestamp,
  };
}

/**
 * `GET .../resource-tree`: each Deployment (or the Rollout) with its
 * ReplicaSet(s) and pods, and each Service. While a rollout runs, old and new
 * ReplicaSets both have pods, which is where `summary.images` gets both images from.
 */
export function resourceTree(app: SimApplication): ArgoCdApplicationTree {
  const liveImages = app.doc.status.summary?.images ?? [];
  const nodes: ArgoCdResourceNode[] = [];
  for (const object of managedObjects(
    app.desiredImages,
    app.doc.spec.destination!.namespace!,
    app.rollout,
  )) {
    const uid = uidFor(app.doc.metadata.uid!, object.kind, object.name);
    if (object.kind === 'Rollout') {
      nodes.push(...rolloutNodes(app, object, uid));
      continue;
    }
    nodes.push({
      ...ref(object, uid),
      health: healthOf(object, app.deploymentHealth),
      resourceVersion: String(parseInt(uid.slice(0, 6), 16)),
      createdAt: app.doc.metadata.creationTimestamp,
    });
    if (object.kind !== 'Deployment') continue;
    for (const image of liveImages.filter(
      i => repositoryOf(i) === repositoryOf(object.image!),
    )) {
      const hash = sha1Hex(image).slice(0, 10);
      const replicaSet = ref(
        {
          group: 'apps',
          version: 'v1',
          kind: 'ReplicaSet',
          name: `${object.name}-${hash}`,
          namespace: object.namespace,
        },
        uidFor(uid, image),
      );
      nodes.push({
        ...replicaSet,
        parentRefs: [ref(object, uid)],
        health: { status: 'Healthy' },
        resourceVersion: String(parseInt(hash.slice(0, 6), 16)),
      });
      nodes.push(podNode(app, object, image, replicaSet));
    }
  }
  return {
    nodes,
    hosts: [
      {
        name: 'worker-1',
        resourcesInfo: [],
        systemInfo: {
          architecture: 'amd64',
          operatingSystem: 'linux',
          kubeletVersion: 'v1.31.2',
        },
      },
    ],
  };
}
