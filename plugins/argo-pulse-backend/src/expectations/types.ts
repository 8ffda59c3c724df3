import type {
  ExpectationDeploymentLink,
  ExpectationFailureReason,
  ExpectationObservation,
  ExpectationState,
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
}

export type ExpectationProgress = Record<string, TargetProgress>;

/** An expectation as stored. */
export interface ExpectationRecord {
  id: string;
  entityRef?: string;
  targets: ApplicationKey[];
  /** Normalized image references. */
  images: string[];
  state: ExpectationState;
  reason?: ExpectationFailureReason;
  message?: string;
  waitingFor?: string[];
  createdAt: string;
  deadlineAt: string;
  resolvedAt?: string;
  /** When a pending expectation must be evaluated again even if nothing changes (deadline, grace periods). */
  nextCheckAt?: string;
  revision?: string;
  author?: string;
  runUrl?: string;
  createdBy?: string;
  supersededBy?: string;
  progress: ExpectationProgress;
  observed?: ExpectationObservation[];
  deployments?: ExpectationDeploymentLink[];
  idempotencyKey?: string;
  /** Hash of the request body, to tell a retry from a different request under the same key. */
  requestHash?: string;
  /** What a compatibility API was given that is not kept otherwise, to answer in its own terms. */
  compat?: { argoWatcher?: { project: string; images: Array<{ image: string; tag: string }> } };
}

/** A final state and what goes with it. */
export type ExpectationResolution =
  | { state: 'deployed'; deployments: ExpectationDeploymentLink[] }
  | { state: 'failed'; reason: ExpectationFailureReason; message: string }
  | { state: 'superseded'; supersededBy: string; message: string }
  | { state: 'cancelled'; message: string };
