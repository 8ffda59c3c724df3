import {
  isRolloutComplete,
  type ArgoCdApplicationTree,
  type ArgoPulseRollout,
  type ArgoPulseRolloutPauseKind,
  type ArgoPulseRolloutStep,
  type ArgoRollout,
  type ArgoRolloutCanaryStep,
} from '@argo-pulse/backstage-plugin-common';
import { durationSeconds } from './rolloutDuration';

/** The group and kind of an Argo Rollouts Rollout in Argo CD's resource tree. */
export const ROLLOUT_GROUP = 'argoproj.io';
export const ROLLOUT_KIND = 'Rollout';

/** Argo Rollouts' pause reasons (its `PauseReason` constants), in Argo Pulse's words. */
const PAUSE_KINDS: Record<string, ArgoPulseRolloutPauseKind> = {
  CanaryPauseStep: 'pause-step',
  InconclusiveAnalysisRun: 'inconclusive-analysis',
  InconclusiveAnalysis: 'inconclusive-analysis',
  BlueGreenPause: 'awaiting-promotion',
};

type Status = NonNullable<ArgoRollout['status']>;

/** The stable ReplicaSet's pod hash (`status.stableRS`; `status.canary.stableRS` before Argo Rollouts 0.8). */
function stableHash(status: Status): string | undefined {
  return status.stableRS ?? status.canary?.stableRS;
}

/** Images of the pods of the Rollout's ReplicaSet with this pod hash, from the tree (where Argo CD lists each pod's images). */
function imagesOfReplicaSet(
  tree: ArgoCdApplicationTree,
  rollout: string,
  hash: string | undefined,
): string[] {
  if (!hash) return [];
  const replicaSet = `${rollout}-${hash}`;
  const images = (tree.nodes ?? [])
    .filter(
      node =>
        node.kind === 'Pod' &&
        (node.parentRefs ?? []).some(
          parent => parent.kind === 'ReplicaSet' && parent.name === replicaSet,
        ),
    )
    .flatMap(node => node.images ?? []);
  return [...new Set(images)];
}

/** Where step `i` stands when the Rollout executes step `index`. */
function stepState(i: number, index: number): ArgoPulseRolloutStep['state'] {
  if (i < index) return 'done';
  return i === index ? 'current' : 'pending';
}

/** What one canary step does, in the fields the page shows. */
function stepOf(
  step: ArgoRolloutCanaryStep,
  state: ArgoPulseRolloutStep['state'],
): ArgoPulseRolloutStep {
  if (step.setWeight !== undefined)
    return { kind: 'setWeight', weight: step.setWeight, state };
  if (step.pause !== undefined)
    return {
      kind: 'pause',
      ...(step.pause?.duration !== undefined
        ? { duration: String(step.pause.duration) }
        : {}),
      state,
    };
  if (step.analysis !== undefined)
    return {
      kind: 'analysis',
      templates: (step.analysis?.templates ?? []).flatMap(t =>
        t.templateName ? [t.templateName] : [],
      ),
      state,
    };
  return { kind: Object.keys(step)[0] ?? 'unknown', state };
}

/**
 * The canary's weight now, as Argo Rollouts computes it: 100 once promoted; the traffic
 * router's weight when there is one; else the last `setWeight` at or before
 * the current step, 100 once every step is done, 0 once aborted.
 */
function canaryWeight(
  status: Status,
  steps: ArgoRolloutCanaryStep[],
  index: number,
): number {
  // Promoted: the new version is the stable one, whatever weight a router reports for the (now empty) canary.
  if (!status.abort && status.currentPodHash === stableHash(status)) return 100;
  const routed = status.canary?.weights?.canary?.weight;
  if (routed !== undefined) return routed;
  if (status.abort) return 0;
  if (index >= steps.length) return 100;
  for (let i = index; i >= 0; i--) {
    const weight = steps[i]?.setWeight;
    if (weight !== undefined) return weight;
  }
  return 0;
}

function pausedOf(
  rollout: ArgoRollout,
  steps: ArgoRolloutCanaryStep[],
  index: number,
): ArgoPulseRollout['paused'] {
  const status = rollout.status ?? {};
  const condition = status.pauseConditions?.[0];
  if (!condition && !rollout.spec?.paused) return undefined;
  const kind: ArgoPulseRolloutPauseKind = condition
    ? PAUSE_KINDS[condition.reason ?? ''] ?? 'other'
    : 'user';
  const since = condition?.startTime ?? status.pauseStartTime;
  const seconds =
    kind === 'pause-step'
      ? durationSeconds(steps[index]?.pause?.duration)
      : undefined;
  const until =
    since && seconds !== undefined && !Number.isNaN(Date.parse(since))
      ? new Date(Date.parse(since) + seconds * 1000).toISOString()
      : undefined;
  return {
    kind,
    ...(condition?.reason ? { reason: condition.reason } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
  };
}

/** Why the update was aborted: Argo Rollouts' message, or its Progressing condition's. */
function abortedOf(status: Status): ArgoPulseRollout['aborted'] {
  if (!status.abort) return undefined;
  const condition = status.conditions?.find(
    c => c.type === 'Progressing' && c.reason === 'RolloutAborted',
  );
  const message = status.message || condition?.message;
  return {
    ...(status.abortedAt ? { at: status.abortedAt } : {}),
    ...(message ? { message } : {}),
  };
}

/** Argo Rollouts' phase (1.0+), or what an older controller's status amounts to. */
function phaseOf(rollout: ArgoRollout): string {
  const status = rollout.status ?? {};
  if (status.phase) return status.phase;
  if (status.abort) return 'Degraded';
  if (status.pauseConditions?.length || rollout.spec?.paused) return 'Paused';
  return status.currentPodHash && status.currentPodHash === stableHash(status)
    ? 'Healthy'
    : 'Progressing';
}

/**
 * A Rollout's progressive delivery state, from its live manifest and the
 * application's resource tree (which has the images each ReplicaSet's pods
 * run: the manifest only says what the new version runs).
 */
export function rolloutState(
  rollout: ArgoRollout,
  tree: ArgoCdApplicationTree,
): ArgoPulseRollout {
  const status = rollout.status ?? {};
  const name = rollout.metadata?.name ?? '';
  const blueGreen = rollout.spec?.strategy?.blueGreen !== undefined;
  const updateImages = (rollout.spec?.template?.spec?.containers ?? []).flatMap(
    c => (c.image ? [c.image] : []),
  );
  // Blue-green's stable version is what the active Service selects.
  const stable = blueGreen
    ? status.blueGreen?.activeSelector ?? stableHash(status)
    : stableHash(status);
  // The pods say what the stable version runs; the template only when they cannot (the manifest may be ahead of its status).
  const stablePods = imagesOfReplicaSet(tree, name, stable);
  const stableImages =
    stablePods.length === 0 && stable && stable === status.currentPodHash
      ? updateImages
      : stablePods;
  const steps = blueGreen ? [] : rollout.spec?.strategy?.canary?.steps ?? [];
  const done = stable !== undefined && stable === status.currentPodHash;
  const index = Math.min(
    status.currentStepIndex ?? (done ? steps.length : 0),
    steps.length,
  );
  const paused = pausedOf(rollout, steps, index);
  const aborted = abortedOf(status);
  const analysis = blueGreen
    ? status.blueGreen?.prePromotionAnalysisRunStatus
    : status.canary?.currentStepAnalysisRunStatus;
  return {
    ...(rollout.metadata?.namespace
      ? { namespace: rollout.metadata.namespace }
      : {}),
    name,
    strategy: blueGreen ? 'blueGreen' : 'canary',
    phase: phaseOf(rollout),
    ...(steps.length
      ? {
          step: {
            current: Math.min(index + 1, steps.length),
            total: steps.length,
          },
        }
      : {}),
    ...(blueGreen ? {} : { canaryWeight: canaryWeight(status, steps, index) }),
    ...(paused ? { paused } : {}),
    ...(aborted ? { aborted } : {}),
    stableImages,
    updateImages,
    ...(analysis?.status
      ? {
          analysis: {
            ...(analysis.name ? { name: analysis.name } : {}),
            status: analysis.status,
            ...(analysis.message ? { message: analysis.message } : {}),
          },
        }
      : {}),
    ...(steps.length
      ? {
          steps: steps.map((step, i) => stepOf(step, stepState(i, index))),
        }
      : {}),
  };
}

/** Still moving to its update (stepping, paused, switching): neither complete nor aborted. */
export function isRolloutMoving(rollout: ArgoPulseRollout): boolean {
  return !rollout.aborted && !isRolloutComplete(rollout);
}

/** The first of an application's Rollouts that is still moving, if any. */
export function movingRollout(
  rollouts: ArgoPulseRollout[] | undefined,
): ArgoPulseRollout | undefined {
  return (rollouts ?? []).find(isRolloutMoving);
}
