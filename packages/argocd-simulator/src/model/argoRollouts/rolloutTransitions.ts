import { k8sTime } from '../ids';
import { isUpdating, podTemplateHash, SimRollout, stepsOf } from './SimRollout';

/**
 * What the Argo Rollouts controller does to a Rollout, one reconciliation at a
 * time (rollout/canary.go, bluegreen.go, sync.go): each function changes the
 * simulated status as the controller would, and nothing else.
 */

function changed(rollout: SimRollout, now: Date): void {
  rollout.changedAt = k8sTime(now);
}

/** A canary's pod count for a weight: traffic routing scales the canary to the weight's share, rounded up. */
function canaryReplicas(rollout: SimRollout, weight: number): number {
  return Math.ceil((weight * rollout.option.replicas) / 100);
}

/**
 * The synced manifests changed the pod template: a new ReplicaSet, the steps
 * from the start, and any abort, pause or analysis of the last update forgotten.
 * Going back to the stable template skips the steps (Argo Rollouts' "Rollback
 * to stable ReplicaSets").
 */
export function beginUpdate(
  rollout: SimRollout,
  images: string[],
  now: Date,
): void {
  const hash = podTemplateHash(rollout.name, images);
  if (hash === rollout.current.hash && !rollout.abort) return;
  delete rollout.abort;
  delete rollout.pause;
  delete rollout.analysis;
  delete rollout.timedOut;
  rollout.generation++;
  rollout.weight = 0;
  rollout.updateReplicas = 0;
  rollout.previewUp = false;
  changed(rollout, now);
  if (hash === rollout.stable.hash) {
    rollout.current = rollout.stable;
    rollout.currentStepIndex = stepsOf(rollout.option).length;
    return;
  }
  if (hash !== rollout.current.hash) {
    const revision =
      Math.max(rollout.stable.revision, rollout.current.revision) + 1;
    rollout.current = {
      hash,
      images: [...images],
      revision,
      createdAt: k8sTime(now),
    };
  }
  rollout.currentStepIndex = 0;
}

/** The analysis run of a step: `<rollout>-<pod hash>-<revision>-<step index>`, as Argo Rollouts names it. */
function analysisRunName(rollout: SimRollout, index: number): string {
  const { hash, revision } = rollout.current;
  return `${rollout.name}-${hash}-${revision}-${index}`;
}

/**
 * A canary starts executing step `index` (the previous one completed, or was
 * promoted past): a weight is set, a pause begins, or an analysis run starts.
 */
export function enterStep(rollout: SimRollout, index: number, now: Date): void {
  const step = stepsOf(rollout.option)[index];
  rollout.currentStepIndex = index;
  delete rollout.pause;
  delete rollout.analysis;
  changed(rollout, now);
  if ('setWeight' in step) {
    rollout.weight = step.setWeight;
    rollout.updateReplicas = canaryReplicas(rollout, step.setWeight);
  } else if ('pause' in step) {
    rollout.pause = { reason: 'CanaryPauseStep', startTime: k8sTime(now) };
  } else {
    rollout.analysis = {
      name: analysisRunName(rollout, index),
      status: 'Running',
    };
  }
}

/** The metric a step's analysis measures: its first template's (the simulated templates have one metric each). */
function metricOf(rollout: SimRollout): string {
  const step = stepsOf(rollout.option)[rollout.currentStepIndex];
  return step && 'analysis' in step
    ? step.analysis.templates[0].templateName
    : 'analysis';
}

/**
 * The step's analysis run ends Failed or Inconclusive (analysis/analysis.go words the
 * message): a failure aborts the update, an inconclusive result pauses it until promoted.
 */
export function analysisEnds(
  rollout: SimRollout,
  status: 'Failed' | 'Inconclusive',
  now: Date,
): void {
  const metric = metricOf(rollout);
  const message =
    status === 'Failed'
      ? `Metric "${metric}" assessed Failed due to failed (1) > failureLimit (0)`
      : `Metric "${metric}" assessed Inconclusive due to inconclusive (1) > inconclusiveLimit (0)`;
  rollout.analysis = { ...rollout.analysis!, status, message };
  if (status === 'Failed')
    abortUpdate(
      rollout,
      now,
      `Step-based analysis phase error/failed: ${message}`,
    );
  else {
    rollout.pause = {
      reason: 'InconclusiveAnalysisRun',
      startTime: k8sTime(now),
    };
    changed(rollout, now);
  }
}

/** Blue-green: the preview ReplicaSet is up and the preview Service selects it. */
export function previewUp(rollout: SimRollout, now: Date): void {
  rollout.updateReplicas = rollout.option.replicas;
  rollout.previewUp = true;
  changed(rollout, now);
}

/** Blue-green without auto-promotion: the controller pauses until someone promotes. */
export function pauseBeforePromotion(rollout: SimRollout, now: Date): void {
  rollout.pause = { reason: 'BlueGreenPause', startTime: k8sTime(now) };
  changed(rollout, now);
}

/**
 * The update is done (the canary's last step, or the blue-green switch): the
 * desired ReplicaSet becomes the stable one and the old one is scaled to 0 at
 * once. Argo Rollouts would keep it for `scaleDownDelaySeconds` (30 s) first;
 * the simulator skips that delay, during which nothing Argo Pulse reads differs.
 */
export function promoteFully(rollout: SimRollout, now: Date): void {
  rollout.stable = rollout.current;
  rollout.currentStepIndex = stepsOf(rollout.option).length;
  rollout.updateReplicas = 0;
  rollout.weight = 0;
  rollout.previewUp = false;
  delete rollout.pause;
  delete rollout.analysis;
  changed(rollout, now);
}

/**
 * The update is aborted (`kubectl argo rollouts abort`, or a failed analysis):
 * traffic goes back to the stable ReplicaSet and the desired one is scaled to 0
 * (at once: the simulator skips `abortScaleDownDelaySeconds`). The canary
 * starts over from step 0 if it is retried.
 */
export function abortUpdate(
  rollout: SimRollout,
  now: Date,
  detail?: string,
): void {
  const base = `Rollout aborted update to revision ${rollout.current.revision}`;
  rollout.abort = {
    at: k8sTime(now),
    message: detail ? `${base}: ${detail}` : base,
  };
  delete rollout.pause;
  rollout.weight = 0;
  rollout.updateReplicas = 0;
  rollout.previewUp = false;
  if (stepsOf(rollout.option).length) rollout.currentStepIndex = 0;
  changed(rollout, now);
}

/**
 * The desired pods cannot pull their image: after `progressDeadlineSeconds` the
 * Progressing condition times out (ProgressDeadlineExceeded) and the Rollout is
 * Degraded; Argo Rollouts does not abort it unless `progressDeadlineAbort` is set.
 */
export function updateTimesOut(rollout: SimRollout, now: Date): void {
  if (!isUpdating(rollout)) return;
  const firstWeight = stepsOf(rollout.option).find(s => 'setWeight' in s);
  if (rollout.updateReplicas === 0)
    rollout.updateReplicas =
      rollout.option.strategy === 'canary' && firstWeight
        ? canaryReplicas(
            rollout,
            (firstWeight as { setWeight: number }).setWeight,
          )
        : rollout.option.replicas;
  const image = rollout.current.images[0];
  rollout.timedOut = {
    message: `ReplicaSet "${rollout.name}-${rollout.current.hash}" has timed out progressing.`,
    podReason: 'ImagePullBackOff',
    podMessage: `Back-off pulling image "${image}"`,
  };
  changed(rollout, now);
}
