import { z } from 'zod';
import type {
  ArgoCdApplicationSource,
  ArgoCdOperation,
} from '@argo-pulse/backstage-plugin-common';
import { analysisOutcomes } from './argoRollouts/rolloutLifecycle';
import type { ArgoRolloutSummary } from './argoRollouts/rolloutSummary';
import {
  phaseDurationsSchema,
  RolloutOutcome,
  rolloutOutcomes,
} from './lifecycle';

/** What the control API takes to move an application, and what it answers. */

/** A request to roll new images out to an application (the control API's body). */
export const rolloutRequestSchema = z
  .object({
    images: z.array(z.string().min(1)).min(1),
    /** The git commit to record; generated when absent (an OCI source always gets a generated digest). */
    revision: z
      .string()
      .regex(/^[0-9a-f]{7,40}$/, 'must be a hex commit SHA')
      .optional(),
    /** The chart version to move to, for Helm chart sources; the patch version is bumped when absent. */
    chartVersion: z.string().optional(),
    /** The tag CI publishes, for OCI sources (`oci://…`); the patch version is bumped when absent. */
    ociVersion: z.string().min(1).optional(),
    author: z.string().optional(),
    message: z.string().optional(),
    outcome: z.enum(rolloutOutcomes).default('success'),
    /** Argo CD's message for a failed sync; a realistic one when absent. */
    failureMessage: z.string().optional(),
    /** A user who started the sync by hand; automated when absent. */
    initiatedBy: z.string().optional(),
    phaseDurationsMs: phaseDurationsSchema.partial().optional(),
    /** How a Rollout's canary analysis steps end; ignored by applications without one. */
    analysis: z.enum(analysisOutcomes).default('successful'),
    /** When true, each step waits for an explicit `advance`. */
    manual: z.boolean().default(false),
  })
  .strict();
export type RolloutRequest = z.input<typeof rolloutRequestSchema>;

/** A sync (or rollback) asked for through the API, its revisions and images resolved. */
export interface SyncRun {
  /** The operation as Argo CD's API server sets it on the Application. */
  operation: ArgoCdOperation;
  /** The revisions it deploys, one per source. */
  revisions: string[];
  /** The images the manifests at those revisions ask for. */
  images: string[];
  /** The sources it deploys when not the spec's (a rollback). */
  sources?: ArgoCdApplicationSource[];
  dryRun: boolean;
  /** Selected resources only (no history entry). */
  partial: boolean;
  /** How it ends; by default the outcome of the rollout waiting for this sync, else success. */
  outcome?: RolloutOutcome;
}

/** Where a rollout stands. */
export interface RolloutStatus {
  application: string;
  outcome: RolloutOutcome;
  phase: string;
  done: boolean;
  manual: boolean;
  images: string[];
  revisions: string[];
  /** For a hydrated application: the dry commit rolled out (`revisions` holds the hydrated one). */
  dryRevision?: string;
  /** For an application that runs a Rollout: what Argo Rollouts and Argo CD say of it now. */
  rollout?: ArgoRolloutSummary;
}
