import type {
  ArgoCdApplicationTree,
  ArgoCdManagedResourcesResponse,
  ArgoCdResourceNode,
} from '@argo-pulse/backstage-plugin-common';
import { liveRollout, targetRollout } from './argoRollouts/rolloutManifest';
import { sha1Hex } from './ids';
import { managedObjects, ManagedObject } from './resources';
import type { SimApplication } from './SimApplication';
import { repositoryOf } from './workloads';

/**
 * The Kubernetes objects of an application as the cluster holds them: what
 * `managed-resources` shows as target and live state, and what `resource`
 * answers for one object of the tree.
 */

type KubernetesObject = Record<string, unknown>;

const apiVersionOf = (o: Pick<ManagedObject, 'group' | 'version'>) =>
  o.group ? `${o.group}/${o.version}` : o.version;

/** A Deployment or Service running `image` (Deployments only), as git renders it and as it lives. */
function deploymentOrService(
  object: ManagedObject,
  image: string | undefined,
  app: SimApplication,
): KubernetesObject {
  const metadata = {
    name: object.name,
    namespace: object.namespace,
    labels: { 'app.kubernetes.io/instance': app.doc.metadata.name },
  };
  const spec =
    object.kind === 'Deployment'
      ? {
          replicas: 2,
          selector: { matchLabels: { app: object.name } },
          template: {
            metadata: { labels: { app: object.name } },
            spec: { containers: [{ name: object.name, image }] },
          },
        }
      : {
          selector: { app: object.name },
          ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }],
        };
  return {
    apiVersion: apiVersionOf(object),
    kind: object.kind,
    metadata,
    spec,
  };
}

/** The live object of a managed object: the Rollout with its status, a Deployment with the image it runs. */
function liveManaged(app: SimApplication, object: ManagedObject) {
  if (object.kind === 'Rollout')
    return liveRollout(app.rollout!, app.doc.metadata.name!);
  const live = app.doc.status.summary?.images ?? [];
  const image = object.image
    ? live.find(i => repositoryOf(i) === repositoryOf(object.image!)) ??
      object.image
    : undefined;
  return deploymentOrService(object, image, app);
}

/** `GET .../managed-resources`: target (git) and live state of each object. */
export function managedResources(
  app: SimApplication,
): ArgoCdManagedResourcesResponse {
  const outOfSync = new Set(
    (app.doc.status.resources ?? [])
      .filter(r => r.status === 'OutOfSync')
      .map(r => `${r.kind}/${r.name}`),
  );
  const objects = managedObjects(
    app.gitImages,
    app.doc.spec.destination!.namespace!,
    app.rollout,
  );
  return {
    items: objects.map(object => {
      const target = JSON.stringify(
        object.kind === 'Rollout'
          ? targetRollout(app.rollout!, app.doc.metadata.name!, object.images!)
          : deploymentOrService(object, object.image, app),
      );
      const liveState = JSON.stringify(liveManaged(app, object));
      return {
        group: object.group,
        kind: object.kind,
        namespace: object.namespace,
        name: object.name,
        targetState: target,
        liveState,
        normalizedLiveState: liveState,
        predictedLiveState: target,
        modified: outOfSync.has(`${object.kind}/${object.name}`),
        resourceVersion: String(
          parseInt(sha1Hex(object.name, liveState).slice(0, 6), 16),
        ),
        hook: false,
      };
    }),
  };
}

/** The owner reference a tree node's parent makes, as Kubernetes writes it. */
function ownerReference(
  parent: NonNullable<ArgoCdResourceNode['parentRefs']>[0],
) {
  return {
    apiVersion: apiVersionOf({
      group: parent.group ?? '',
      version: parent.kind === 'Rollout' ? 'v1alpha1' : 'v1',
    }),
    kind: parent.kind,
    name: parent.name,
    uid: parent.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** A ReplicaSet or Pod of the tree as the cluster holds it (the fields that say what runs). */
function childObject(
  app: SimApplication,
  node: ArgoCdResourceNode,
  tree: ArgoCdApplicationTree,
): KubernetesObject {
  const pods = (tree.nodes ?? []).filter(
    n => n.kind === 'Pod' && n.parentRefs?.[0]?.uid === node.uid,
  );
  const hash = node.name!.slice(node.name!.lastIndexOf('-') + 1);
  const images =
    node.kind === 'Pod'
      ? node.images ?? []
      : pods[0]?.images ??
        (app.rollout?.current.hash === hash ? app.rollout.current.images : []);
  const revision = node.info?.find(i => i.name === 'Revision')?.value;
  const containers = images.map(image => ({
    name: image.split('/').pop()!.split(/[:@]/)[0],
    image,
  }));
  const metadata = {
    name: node.name,
    namespace: node.namespace,
    uid: node.uid,
    resourceVersion: node.resourceVersion,
    creationTimestamp: node.createdAt,
    ownerReferences: (node.parentRefs ?? []).map(ownerReference),
    ...(revision && app.rollout
      ? {
          annotations: {
            'rollout.argoproj.io/revision': revision.replace('Rev:', ''),
          },
          labels: { 'rollouts-pod-template-hash': hash },
        }
      : {}),
  };
  if (node.kind === 'Pod') {
    const running = node.health?.status === 'Healthy';
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata,
      spec: { nodeName: 'worker-1', containers },
      status: { phase: running ? 'Running' : 'Pending' },
    };
  }
  const ready = pods.filter(p => p.health?.status === 'Healthy').length;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata,
    spec: { replicas: pods.length, template: { spec: { containers } } },
    status: {
      replicas: pods.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: 1,
    },
  };
}

/**
 * The live object behind a node of the application's tree, as `GET .../resource` answers
 * it (Argo CD reads it from the cluster: a managed object, or a ReplicaSet or Pod).
 */
export function liveObjectOf(
  app: SimApplication,
  node: ArgoCdResourceNode,
  tree: ArgoCdApplicationTree,
): KubernetesObject {
  const managed = managedObjects(
    app.desiredImages,
    app.doc.spec.destination!.namespace!,
    app.rollout,
  ).find(o => o.kind === node.kind && o.name === node.name);
  return managed
    ? (liveManaged(app, managed) as KubernetesObject)
    : childObject(app, node, tree);
}
