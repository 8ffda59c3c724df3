import type { RolloutOption } from '../../scenario/rolloutSchema';
import { sha1Hex } from '../ids';

/** One generation of the Rollout's pods: a ReplicaSet named `<rollout>-<hash>`. */
export interface RolloutRevision {
  /** The pod template hash (`rollouts-pod-template-hash`). */
  hash: string;
  /** The image of each container, in order. */
  images: string[];
  /** `rollout.argoproj.io/revision`: 1 for the first template, +1 for each new one. */
  revision: number;
  /** When its ReplicaSet was created (its update began). */
  createdAt: string;
}

/** Why the Rollout is paused, in Argo Rollouts' words (`status.pauseConditions[].reason`). */
export type RolloutPauseReason =
  | 'CanaryPauseStep'
  | 'InconclusiveAnalysisRun'
  | 'BlueGreenPause';

/** The status Argo Rollouts reports of an analysis run. */
export type AnalysisPhase =
  | 'Running'
  | 'Successful'
  | 'Failed'
  | 'Inconclusive';

/**
 * What the simulated Argo Rollouts controller knows of one Rollout: the stable
 * and the desired ReplicaSets, where a canary is in its steps, and why it is
 * paused or aborted. The live manifest and the tree are rendered from it.
 */
export interface SimRollout {
  name: string;
  namespace: string;
  uid: string;
  createdAt: string;
  option: RolloutOption;
  /** `metadata.generation`: bumped by every new pod template. */
  generation: number;
  /** The stable ReplicaSet (`status.stableRS`); blue-green: the one the active Service selects. */
  stable: RolloutRevision;
  /** The desired ReplicaSet (`status.currentPodHash`); the stable one once fully promoted. */
  current: RolloutRevision;
  /** Pods of the desired ReplicaSet while it is not yet the stable one (0 after an abort). */
  updateReplicas: number;
  /** Canary: the index of the step being executed; the number of steps once all are done. */
  currentStepIndex: number;
  /** Canary: the share of traffic the desired ReplicaSet gets. */
  weight: number;
  /** Blue-green: the preview Service selects the desired ReplicaSet. */
  previewUp: boolean;
  pause?: { reason: RolloutPauseReason; startTime: string };
  /** The current step's analysis run (canary). */
  analysis?: { name: string; status: AnalysisPhase; message?: string };
  /** Set by an abort: when, and the Progressing condition's message. */
  abort?: { at: string; message: string };
  /** The desired pods cannot start: the Progressing condition timed out (ProgressDeadlineExceeded). */
  timedOut?: { message: string; podReason: string; podMessage: string };
  /** When the status last changed (the conditions' times). */
  changedAt: string;
}

// Kubernetes' rand.SafeEncodeString alphabet: no vowels, no confusable digits.
const HASH_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A pod template hash as Kubernetes writes it (`7d5979db69`), derived from the template's images. */
export function podTemplateHash(name: string, images: string[]): string {
  const hex = sha1Hex('pod-template', name, ...images);
  let hash = '';
  for (let i = 0; i < 10; i++)
    hash += HASH_ALPHABET[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % 27];
  return hash;
}

/** A fully promoted Rollout running `images`, as a scenario starts it. */
export function createRollout(options: {
  name: string;
  namespace: string;
  uid: string;
  option: RolloutOption;
  images: string[];
  revision: number;
  createdAt: string;
  /** When its current version became stable. */
  promotedAt: string;
}): SimRollout {
  const { option, images, revision } = options;
  const stable = {
    hash: podTemplateHash(options.name, images),
    images: [...images],
    revision,
    createdAt: options.promotedAt,
  };
  return {
    name: options.name,
    namespace: options.namespace,
    uid: options.uid,
    createdAt: options.createdAt,
    option,
    generation: revision,
    stable,
    current: stable,
    updateReplicas: 0,
    currentStepIndex: stepsOf(option).length,
    weight: 0,
    previewUp: false,
    changedAt: options.promotedAt,
  };
}

/** The canary's steps (none for blue-green). */
export function stepsOf(option: RolloutOption) {
  return option.strategy === 'canary' ? option.steps : [];
}

/** Whether an update is under way or was aborted: the desired ReplicaSet is not the stable one. */
export function isUpdating(rollout: SimRollout): boolean {
  return rollout.current.hash !== rollout.stable.hash;
}

/** A ReplicaSet of the Rollout with the pods it runs now. */
export interface RolloutReplicaSet extends RolloutRevision {
  name: string;
  replicas: number;
  /** Pods that are ready (the desired ones are not while they cannot pull their image). */
  ready: number;
}

/**
 * The Rollout's ReplicaSets: the stable one, and the desired one while an
 * update runs or after an abort (then scaled to 0). The stable one keeps all
 * its pods during a canary: the simulated canaries use traffic routing, which
 * shifts traffic instead of scaling the stable ReplicaSet down. ReplicaSets of
 * earlier updates, scaled to 0, are left out.
 */
export function replicaSetsOf(rollout: SimRollout): RolloutReplicaSet[] {
  const replicas = rollout.option.replicas;
  const stable = {
    ...rollout.stable,
    name: `${rollout.name}-${rollout.stable.hash}`,
    replicas,
    ready: replicas,
  };
  if (!isUpdating(rollout)) return [stable];
  const update = rollout.updateReplicas;
  return [
    stable,
    {
      ...rollout.current,
      name: `${rollout.name}-${rollout.current.hash}`,
      replicas: update,
      ready: rollout.timedOut ? 0 : update,
    },
  ];
}

/** The images of the Rollout's pods: what Argo CD's `summary.images` lists. */
export function liveImagesOf(rollout: SimRollout): string[] {
  return [
    ...new Set(
      replicaSetsOf(rollout)
        .filter(rs => rs.replicas > 0)
        .flatMap(rs => rs.images),
    ),
  ];
}
