/**
 * The parts of an Argo Rollouts `Rollout` (`argoproj.io/v1alpha1`) that Argo
 * Pulse reads, as Argo CD's `GET /api/v1/applications/{name}/resource`
 * returns its live manifest (a JSON string in `manifest`). Written by hand:
 * Argo CD's swagger does not describe other projects' resources. Every field
 * is optional, as in a live object whose controller has not written its
 * status yet.
 */

/**
 * One step of a canary strategy: exactly one field is set.
 *
 * @public
 */
export interface ArgoRolloutCanaryStep {
  /** The share of traffic (or of replicas, without traffic routing) the canary gets, 0 to 100. */
  setWeight?: number;
  /** A pause: for a duration (`30s`, `5m`, `1h`, or a number of seconds), or until promoted when empty. */
  pause?: { duration?: string | number };
  /** An analysis run that must succeed before the next step. */
  analysis?: { templates?: Array<{ templateName?: string }> };
  /** Any other step (`setCanaryScale`, `experiment`, `setHeaderRoute`, …). */
  [other: string]: unknown;
}

/**
 * The status of an analysis run, as the Rollout reports it.
 *
 * @public
 */
export interface ArgoRolloutAnalysisRunStatus {
  /** The AnalysisRun's name. */
  name?: string;
  /** Pending, Running, Successful, Failed, Error or Inconclusive. */
  status?: string;
  /** Why it ended as it did, such as the metric that failed. */
  message?: string;
}

/**
 * An Argo Rollouts Rollout, as far as Argo Pulse reads it.
 *
 * @public
 */
export interface ArgoRollout {
  /** `argoproj.io/v1alpha1`. */
  apiVersion?: string;
  /** `Rollout`. */
  kind?: string;
  /** Its name, namespace and generation. */
  metadata?: {
    name?: string;
    namespace?: string;
    generation?: number;
    annotations?: Record<string, string>;
  };
  /** What it should run (`template`) and how to get there (`strategy`). */
  spec?: {
    replicas?: number;
    /** Paused by a user (`kubectl argo rollouts pause`). */
    paused?: boolean;
    template?: {
      spec?: { containers?: Array<{ name?: string; image?: string }> };
    };
    strategy?: {
      canary?: {
        steps?: ArgoRolloutCanaryStep[];
        canaryService?: string;
        stableService?: string;
      };
      blueGreen?: {
        activeService?: string;
        previewService?: string;
        autoPromotionEnabled?: boolean;
      };
    };
  };
  /** What the Argo Rollouts controller reports. */
  status?: {
    /** Healthy, Progressing, Paused or Degraded (Argo Rollouts 1.0+). */
    phase?: string;
    /** Why the phase is what it is, such as `CanaryPauseStep` or `RolloutAborted: …`. */
    message?: string;
    /** The pod template hash of the desired (canary, preview) ReplicaSet. */
    currentPodHash?: string;
    /** The pod template hash of the stable ReplicaSet. */
    stableRS?: string;
    /** Index of the canary step being executed; the number of steps once all are done. */
    currentStepIndex?: number;
    /** Why the Rollout is paused, with when each pause began. */
    pauseConditions?: Array<{ reason?: string; startTime?: string }>;
    controllerPause?: boolean;
    /** When the current pause step began (older Argo Rollouts). */
    pauseStartTime?: string;
    /** The update was aborted: traffic went back to the stable ReplicaSet. */
    abort?: boolean;
    abortedAt?: string;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    observedGeneration?: string | number;
    canary?: {
      /** Deprecated since Argo Rollouts 0.8 in favour of `status.stableRS`. */
      stableRS?: string;
      /** With traffic routing: the weights traffic is split by. */
      weights?: {
        canary?: { weight?: number; podTemplateHash?: string };
        stable?: { weight?: number; podTemplateHash?: string };
      };
      currentStepAnalysisRunStatus?: ArgoRolloutAnalysisRunStatus;
      currentBackgroundAnalysisRunStatus?: ArgoRolloutAnalysisRunStatus;
    };
    blueGreen?: {
      activeSelector?: string;
      previewSelector?: string;
      prePromotionAnalysisRunStatus?: ArgoRolloutAnalysisRunStatus;
      postPromotionAnalysisRunStatus?: ArgoRolloutAnalysisRunStatus;
    };
    conditions?: Array<{
      type?: string;
      status?: string;
      reason?: string;
      message?: string;
      lastTransitionTime?: string;
    }>;
  };
}
