import type { ArgoCdResourceNode } from '@argo-pulse/backstage-plugin-common';
import { sha1Hex, uidFor } from '../ids';
import { identity, ManagedObject } from '../resources';
import type { SimApplication } from '../SimApplication';
import { argoCdRolloutHealth } from './rolloutHealth';
import { liveRollout, rolloutResourceVersion } from './rolloutManifest';
import { replicaSetsOf, RolloutReplicaSet, SimRollout } from './SimRollout';

type NodeRef = ReturnType<typeof identity> & { uid: string };

/** Argo CD's `Rev:N` info, from the object's `rollout.argoproj.io/revision` (controller/cache/info.go). */
const revisionInfo = (revision: number) => [
  { name: 'Revision', value: `Rev:${revision}` },
];

const resourceVersionOf = (...parts: string[]) =>
  String(parseInt(sha1Hex(...parts).slice(0, 6), 16));

/** A ReplicaSet's health as gitops-engine computes it: Progressing while pods are not available. */
function replicaSetHealth(rs: RolloutReplicaSet) {
  return rs.ready < rs.replicas
    ? {
        status: 'Progressing',
        message: `Waiting for rollout to finish: ${rs.ready} out of ${rs.replicas} new replicas are available...`,
      }
    : { status: 'Healthy' };
}

/** The pods of one ReplicaSet: running, or stuck pulling the image of a timed-out update. */
function podNodes(
  rollout: SimRollout,
  rs: RolloutReplicaSet,
  parent: NodeRef,
  createdAt: string,
): ArgoCdResourceNode[] {
  const failing =
    rs.ready < rs.replicas && rs.hash === rollout.current.hash
      ? rollout.timedOut
      : undefined;
  return Array.from({ length: rs.replicas }, (_, index) => {
    const name = `${rs.name}-${sha1Hex(rs.name, 'pod', index).slice(0, 5)}`;
    return {
      ...identity({
        group: '',
        version: 'v1',
        kind: 'Pod',
        name,
        namespace: rollout.namespace,
      }),
      uid: uidFor(parent.uid, 'pod', index),
      parentRefs: [parent],
      info: failing
        ? [
            { name: 'Status Reason', value: failing.podReason },
            { name: 'Containers', value: `0/${rs.images.length}` },
          ]
        : [
            { name: 'Status Reason', value: 'Running' },
            { name: 'Node', value: 'worker-1' },
            {
              name: 'Containers',
              value: `${rs.images.length}/${rs.images.length}`,
            },
          ],
      images: [...rs.images],
      health: failing
        ? { status: 'Degraded', message: failing.podMessage }
        : { status: 'Healthy' },
      resourceVersion: resourceVersionOf(name, rollout.changedAt),
      createdAt,
    };
  });
}

/**
 * The Rollout's part of the resource tree: the Rollout with Argo CD's health,
 * its ReplicaSets `<rollout>-<pod hash>` (so the stable one is
 * `<rollout>-<status.stableRS>` and the desired one `<rollout>-<status.currentPodHash>`),
 * and their pods with their images.
 */
export function rolloutNodes(
  app: SimApplication,
  object: ManagedObject,
  uid: string,
): ArgoCdResourceNode[] {
  const rollout = app.rollout!;
  const live = liveRollout(rollout, app.doc.metadata.name!);
  const rolloutRef: NodeRef = { ...identity(object), uid };
  const nodes: ArgoCdResourceNode[] = [
    {
      ...rolloutRef,
      info: revisionInfo(rollout.current.revision),
      health: argoCdRolloutHealth(live),
      resourceVersion: rolloutResourceVersion(rollout),
      createdAt: rollout.createdAt,
    },
  ];
  for (const rs of replicaSetsOf(rollout)) {
    const rsRef: NodeRef = {
      ...identity({
        group: 'apps',
        version: 'v1',
        kind: 'ReplicaSet',
        name: rs.name,
        namespace: rollout.namespace,
      }),
      uid: uidFor(uid, rs.hash),
    };
    const { createdAt } = rs;
    nodes.push({
      ...rsRef,
      parentRefs: [rolloutRef],
      info: revisionInfo(rs.revision),
      health: replicaSetHealth(rs),
      resourceVersion: resourceVersionOf(rs.name, String(rs.replicas)),
      createdAt,
    });
    nodes.push(...podNodes(rollout, rs, rsRef, createdAt));
  }
  return nodes;
}
