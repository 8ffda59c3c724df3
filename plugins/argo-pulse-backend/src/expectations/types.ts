import type {
  ArgoPulseEntityTarget,
  ArgoPulseExpectation,
  ExpectationDeploymentLink,
  ExpectationFailureReason,
} from '@argo-pulse/backstage-plugin-common';
import type { ApplicationKey } from '../database/types';

/**
 * What the evaluator remembers of one target application between
 * evaluations, keyed by `applicationKeyString`.
 */
export interface TargetProgress {
  /** When an expected image was first seen running here: the degraded grace period counts from it. */
  newImageSeenAt?: string;
  /** When the application was first found missing: the app-not-found grace period counts from it. */
  missingSince?: string;
  /**
   * Set once the application was seen running an expected repository: from
   * then on it must land, even while it runs no pod of it (a Recreate rollout).
   */
  required?: boolean;
  /**
   * Argo CD's last operation as Argo Pulse saw it when the expectation was
   * posted (its start time in Argo CD's own words, null when there was
   * none): an operation is "after the post" when it is another one. Absent
   * when the application was not known at the post: then all it does is new.
   */
  seenAtPost?: { operationStartedAt: string | null };
}

export type ExpectationProgress = Record<string, TargetProgress>;

/**
 * An expectation as stored: the wire type's fields, plus what the backend
 * keeps to itself (targets as keys, deadline and progress bookkeeping,
 * idempotency, compat data).
 */
export interface ExpectationRecord
  extends Pick<
    ArgoPulseExpectation,
    | 'id'
    | 'entityRef'
    | 'images'
    | 'state'
    | 'reason'
    | 'message'
    | 'waitingFor'
    | 'createdAt'
    | 'resolvedAt'
    | 'revision'
    | 'author'
    | 'runUrl'
    | 'createdBy'
    | 'supersededBy'
    | 'observed'
    | 'deployments'
  > {
  targets: ApplicationKey[];
  /** The order in which the database stored it (none before it was stored, or for records older than the counter). */
  sequence?: number;
  deadlineAt: string;
  /** When a pending expectation must be evaluated again even if nothing changes (deadline, grace periods). */
  nextCheckAt?: string;
  progress: ExpectationProgress;
  idempotencyKey?: string;
  /** Hash of the request body, to tell a retry from a different request under the same key. */
  requestHash?: string;
  /**
   * Set while the applications it names are not in Argo CD yet (targets is
   * then empty): what to look for in each evaluation, until
   * `appMissingGrace` after the post.
   */
  awaiting?: AwaitedApplications;
  /** What a compatibility API was given that is not kept otherwise, to answer in its own terms. */
  compat?: {
    argoWatcher?: {
      project: string;
      images: Array<{ image: string; tag: string }>;
    };
  };
}

/** A final state and what goes with it. */
export type ExpectationResolution =
  | { state: 'deployed'; deployments: ExpectationDeploymentLink[] }
  | { state: 'failed'; reason: ExpectationFailureReason; message: string }
  | { state: 'superseded'; supersededBy: string; message: string }
  | { state: 'cancelled'; message: string };

/** Applications an expectation waits to appear: the entity target they will match, in words too. */
export interface AwaitedApplications {
  target: ArgoPulseEntityTarget;
  /** "prod/payments-api-preview", "the applications of component:default/payments-api in prod". */
  description: string;
}
