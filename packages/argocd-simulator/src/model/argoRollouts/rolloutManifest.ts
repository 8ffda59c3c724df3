import { sha1Hex } from '../ids';
import { workloadNameForImage } from '../workloads';
import { calculateRolloutPhase, RolloutObject } from './rolloutHealth';
import { isUpdating, replicaSetsOf, SimRollout, stepsOf } from './SimRollout';

/** The Services a Rollout's strategy names: stable and canary, or active and preview. */
export function rolloutServiceNames(
  name: string,
  strategy: 'canary' | 'blueGreen',
): [string, string] {
  return [name, strategy === 'canary' ? `${name}-canary` : `${name}-preview`];
}

/** The Rollout's spec for a pod template running `images` (what git holds, or what runs). */
export function rolloutSpec(rollout: SimRollout, images: string[]) {
  const { name, option } = rollout;
  const labels = { app: name };
  const [stableService, otherService] = rolloutServiceNames(
    name,
    option.strategy,
  );
  const strategy =
    option.strategy === 'canary'
      ? {
          canary: {
            stableService,
            canaryService: otherService,
            // The simulated canaries shift traffic (status.canary.weights) rather than replicas.
            trafficRouting: { nginx: { stableIngress: name } },
            steps: structuredClone(option.steps),
          },
        }
      : {
          blueGreen: {
            activeService: stableService,
            previewService: otherService,
            autoPromotionEnabled: option.autoPromotion,
          },
        };
  return {
    replicas: option.replicas,
    revisionHistoryLimit: 10,
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: {
        containers: images.map(image => ({
          name: workloadNameForImage(image),
          image,
          ports: [{ containerPort: 8080, protocol: 'TCP' }],
        })),
      },
    },
    strategy,
  };
}

/** The live object's resourceVersion: it changes whenever its state does. */
export function rolloutResourceVersion(rollout: SimRollout): string {
  return String(
    parseInt(sha1Hex(rollout.uid, JSON.stringify(rollout)).slice(0, 7), 16),
  );
}

/** The object's metadata; the revision annotation is the desired ReplicaSet's. */
function metadataOf(rollout: SimRollout, application: string) {
  return {
    name: rollout.name,
    namespace: rollout.namespace,
    uid: rollout.uid,
    generation: rollout.generation,
    resourceVersion: rolloutResourceVersion(rollout),
    creationTimestamp: rollout.createdAt,
    labels: { 'app.kubernetes.io/instance': application },
    annotations: {
      'rollout.argoproj.io/revision': String(rollout.current.revision),
    },
  };
}

/** Argo Rollouts' conditions for the state (utils/conditions/conditions.go words them). */
function conditionsOf(rollout: SimRollout, healthy: boolean) {
  const at = rollout.changedAt;
  const condition = (
    type: string,
    status: string,
    reason: string,
    message: string,
    since = at,
  ) => ({
    type,
    status,
    reason,
    message,
    lastTransitionTime: since,
    lastUpdateTime: at,
  });
  const newRS = `${rollout.name}-${rollout.current.hash}`;
  let progressing = condition(
    'Progressing',
    'True',
    'NewReplicaSetAvailable',
    `ReplicaSet "${newRS}" has successfully progressed.`,
  );
  if (rollout.abort)
    progressing = condition(
      'Progressing',
      'False',
      'RolloutAborted',
      rollout.abort.message,
    );
  else if (rollout.timedOut)
    progressing = condition(
      'Progressing',
      'False',
      'ProgressDeadlineExceeded',
      rollout.timedOut.message,
    );
  else if (rollout.pause)
    progressing = condition(
      'Progressing',
      'Unknown',
      'RolloutPaused',
      'Rollout is paused',
    );
  else if (isUpdating(rollout))
    progressing = condition(
      'Progressing',
      'True',
      'ReplicaSetUpdated',
      `ReplicaSet "${newRS}" is progressing.`,
    );
  return [
    condition(
      'Available',
      'True',
      'AvailableReason',
      'Rollout has minimum availability',
      rollout.createdAt,
    ),
    condition(
      'Completed',
      isUpdating(rollout) ? 'False' : 'True',
      'RolloutCompleted',
      'RolloutCompleted',
    ),
    condition(
      'Healthy',
      healthy ? 'True' : 'False',
      'RolloutHealthy',
      healthy ? 'Rollout is healthy' : 'Rollout is not healthy',
    ),
    progressing,
    ...(rollout.pause
      ? [condition('Paused', 'True', 'RolloutPaused', 'Rollout is paused')]
      : []),
  ];
}

/** `status.canary` or `status.blueGreen`, whichever the strategy writes. */
function strategyStatus(rollout: SimRollout) {
  const { current, stable } = rollout;
  if (rollout.option.strategy === 'blueGreen')
    return {
      blueGreen: {
        activeSelector: stable.hash,
        previewSelector: rollout.previewUp ? current.hash : stable.hash,
      },
      canary: {},
    };
  const [stableService, canaryService] = rolloutServiceNames(
    rollout.name,
    'canary',
  );
  return {
    blueGreen: {},
    canary: {
      // Weights are reported only with traffic routing, which the simulated canaries use.
      weights: {
        canary: {
          weight: rollout.weight,
          podTemplateHash: current.hash,
          serviceName: canaryService,
        },
        stable: {
          weight: 100 - rollout.weight,
          podTemplateHash: stable.hash,
          serviceName: stableService,
        },
      },
      ...(rollout.analysis
        ? { currentStepAnalysisRunStatus: { ...rollout.analysis } }
        : {}),
    },
  };
}

/** The status fields that do not depend on the phase. */
function baseStatus(rollout: SimRollout) {
  const sets = replicaSetsOf(rollout);
  const total = (key: 'replicas' | 'ready') =>
    sets.reduce((sum, rs) => sum + rs[key], 0);
  const steps = stepsOf(rollout.option);
  const ready = total('ready');
  return {
    observedGeneration: String(rollout.generation),
    currentPodHash: rollout.current.hash,
    stableRS: rollout.stable.hash,
    ...(steps.length
      ? {
          currentStepIndex: rollout.currentStepIndex,
          currentStepHash: sha1Hex('steps', JSON.stringify(steps)).slice(0, 10),
        }
      : {}),
    ...(rollout.pause
      ? {
          pauseConditions: [{ ...rollout.pause }],
          controllerPause: true,
        }
      : {}),
    ...(rollout.abort ? { abort: true, abortedAt: rollout.abort.at } : {}),
    replicas: total('replicas'),
    updatedReplicas: isUpdating(rollout)
      ? rollout.updateReplicas
      : rollout.option.replicas,
    readyReplicas: ready,
    availableReplicas: ready,
    HPAReplicas: total('replicas'),
    selector: `app=${rollout.name}`,
    ...strategyStatus(rollout),
  };
}

/**
 * The live Rollout, as `GET .../resource` answers it (and Argo CD reads its health from):
 * spec, status with Argo Rollouts' phase and message, conditions.
 */
export function liveRollout(
  rollout: SimRollout,
  application: string,
): RolloutObject {
  const healthy = !isUpdating(rollout) && !rollout.pause;
  const object: RolloutObject = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: metadataOf(rollout, application),
    spec: rolloutSpec(rollout, rollout.current.images),
    status: {
      ...baseStatus(rollout),
      conditions: conditionsOf(rollout, healthy),
    },
  };
  const { phase, message } = calculateRolloutPhase(object);
  object.status = { phase, ...(message ? { message } : {}), ...object.status };
  return object;
}

/** The Rollout as git renders it (no status): `images` are the ones the manifests ask for. */
export function targetRollout(
  rollout: SimRollout,
  application: string,
  images: string[],
): Record<string, unknown> {
  const { name, namespace } = rollout;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name,
      namespace,
      labels: { 'app.kubernetes.io/instance': application },
    },
    spec: rolloutSpec(rollout, images),
  };
}
