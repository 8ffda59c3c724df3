import type {
  ArgoCdHealthStatus,
  ArgoRollout,
} from '@argo-pulse/backstage-plugin-common';

/**
 * Two ports, so the simulator's Rollouts read as the real ones do: how Argo
 * Rollouts 1.x words a Rollout's phase (utils/rollout/rolloututil.go
 * `CalculateRolloutPhase`), and how Argo CD turns a Rollout into a health
 * (resource_customizations/argoproj.io/Rollout/health.lua).
 */

/** A Rollout, with the one spec field the phase depends on that Argo Pulse does not read. */
export type RolloutObject = ArgoRollout & {
  spec?: { strategy?: { canary?: { trafficRouting?: unknown } } };
};

type Status = NonNullable<ArgoRollout['status']>;

/** The phase and message Argo Rollouts 1.x writes in `status.phase` and `status.message`. */
export function calculateRolloutPhase(rollout: RolloutObject): {
  phase: 'Healthy' | 'Progressing' | 'Paused' | 'Degraded';
  message: string;
} {
  const spec = rollout.spec ?? {};
  const status: Status = rollout.status ?? {};
  for (const condition of status.conditions ?? []) {
    if (condition.type === 'InvalidSpec')
      return {
        phase: 'Degraded',
        message: `InvalidSpec: ${condition.message}`,
      };
    if (
      condition.reason === 'RolloutAborted' ||
      condition.reason === 'ProgressDeadlineExceeded'
    )
      return {
        phase: 'Degraded',
        message: `${condition.reason}: ${condition.message}`,
      };
  }
  if (spec.paused) return { phase: 'Paused', message: 'manually paused' };
  const pause = status.pauseConditions?.[0];
  if (pause) return { phase: 'Paused', message: pause.reason ?? '' };
  const progressing = (message: string) =>
    ({ phase: 'Progressing', message } as const);
  const updated = status.updatedReplicas ?? 0;
  if (updated < (spec.replicas ?? 1))
    return progressing('more replicas need to be updated');
  if ((status.availableReplicas ?? 0) < updated)
    return progressing('updated replicas are still becoming available');
  const promoted =
    !!status.stableRS && status.stableRS === status.currentPodHash;
  if (spec.strategy?.blueGreen) {
    const active = status.blueGreen?.activeSelector;
    if (!active || active !== status.currentPodHash)
      return progressing('active service cutover pending');
    if (!promoted)
      return progressing('waiting for post-promotion verification to complete');
  } else if (spec.strategy?.canary) {
    // Only a basic canary scales the stable pods down; with traffic routing they stay up.
    if (
      !spec.strategy.canary.trafficRouting &&
      (status.replicas ?? 0) > updated
    )
      return progressing('old replicas are pending termination');
    if (!promoted) return progressing('waiting for all steps to complete');
  }
  return { phase: 'Healthy', message: '' };
}

const health = (
  status: string,
  message?: string,
): ArgoCdHealthStatus & { status: string } =>
  message ? { status, message } : { status };

/**
 * Argo CD's health.lua for a Rollout, branch for branch (but for `workloadRef`, which the
 * simulator does not model); an empty message is left out, as Argo CD's JSON omits it.
 */
export function argoCdRolloutHealth(
  rollout: RolloutObject,
): ArgoCdHealthStatus & { status: string } {
  const spec = rollout.spec ?? {};
  const status = rollout.status;
  if (!status || !isGenerationObserved(rollout))
    return health(
      'Progressing',
      'Waiting for rollout spec update to be observed',
    );
  // Argo Rollouts 1.0+ writes its phase, which Argo CD surfaces as is (Paused is Suspended).
  if (status.phase !== undefined)
    return health(
      status.phase === 'Paused' ? 'Suspended' : status.phase,
      status.message,
    );
  for (const condition of status.conditions ?? []) {
    if (
      condition.type === 'InvalidSpec' ||
      (condition.type === 'Progressing' &&
        (condition.reason === 'RolloutAborted' ||
          condition.reason === 'ProgressDeadlineExceeded'))
    )
      return health('Degraded', condition.message);
  }
  if (status.pauseConditions?.length || spec.paused)
    return health('Suspended', 'Rollout is paused');
  if (status.currentPodHash === undefined)
    return health(
      'Progressing',
      'Waiting for rollout to finish: status has not been reconciled.',
    );
  const updated = status.updatedReplicas ?? 0;
  if (updated < (spec.replicas ?? 1))
    return health(
      'Progressing',
      'Waiting for roll out to finish: More replicas need to be updated',
    );
  if ((status.availableReplicas ?? 0) < updated)
    return health(
      'Progressing',
      'Waiting for roll out to finish: updated replicas are still becoming available',
    );
  const stableRS = status.stableRS ?? status.canary?.stableRS ?? '';
  if (spec.strategy?.blueGreen) {
    if (status.blueGreen?.activeSelector !== status.currentPodHash)
      return health('Progressing', 'active service cutover pending');
    if (stableRS !== '' && stableRS !== status.currentPodHash)
      return health('Progressing', 'waiting for analysis to complete');
  } else if (spec.strategy?.canary) {
    if ((status.replicas ?? 0) > updated)
      return health(
        'Progressing',
        'Waiting for roll out to finish: old replicas are pending termination',
      );
    if (stableRS === '' || stableRS !== status.currentPodHash)
      return health('Progressing', 'Waiting for rollout to finish steps');
  }
  return health('Healthy');
}

/** A numeric `observedGeneration` (v0.10+) must equal `metadata.generation`; a hash (v0.9) always passes. */
function isGenerationObserved(rollout: RolloutObject): boolean {
  const observed = Number(rollout.status?.observedGeneration);
  if (
    rollout.status?.observedGeneration === undefined ||
    Number.isNaN(observed)
  )
    return true;
  const generation = rollout.metadata?.generation ?? 0;
  return observed > generation || observed === generation;
}
