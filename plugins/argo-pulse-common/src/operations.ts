/**
 * What a user can ask Argo CD to do from Backstage: refresh, sync and roll
 * back an entity's application, with
 * `POST /entities/:kind/:namespace/:name/applications/:instance/:appNamespace/:appName/refresh`
 * (and `/sync`, `/rollback`).
 */

/**
 * An operation on an application started from Backstage.
 *
 * @public
 */
export type ArgoPulseOperationAction = 'refresh' | 'sync' | 'rollback';

/**
 * The body of a refresh: `hard` also asks Argo CD to regenerate the
 * manifests (drops its manifest cache).
 *
 * @public
 */
export interface ArgoPulseRefreshRequest {
  /** A hard refresh: Argo CD regenerates the manifests too. */
  hard?: boolean;
}

/**
 * The body of a sync, always to the application's target revision.
 *
 * @public
 */
export interface ArgoPulseSyncRequest {
  /** Delete resources that are no longer in git. */
  prune?: boolean;
  /** Only show what would change: Argo CD applies nothing. */
  dryRun?: boolean;
  /** Sync only these resources; all when absent. */
  resources?: Array<{
    group?: string;
    kind: string;
    name: string;
    namespace?: string;
  }>;
}

/**
 * The body of a rollback: the deployment (its `id` in the history) to go
 * back to.
 *
 * @public
 */
export interface ArgoPulseRollbackRequest {
  /** The deployment's `id` (not Argo CD's history id, which Argo Pulse looks up). */
  deploymentId: string;
}

/**
 * The answer of an operation started from Backstage.
 *
 * @public
 */
export interface ArgoPulseOperationResponse {
  /** What was asked. */
  action: ArgoPulseOperationAction;
  /** Which application: its instance, the namespace of its Application object, its name. */
  application: { instance: string; namespace: string; name: string };
  /** `refreshed`: Argo CD compared it again (and it was read at once); `started`: a sync or rollback runs. */
  status: 'refreshed' | 'started';
  /** What happened, in words: "Sync of payments-api-prod started". */
  message: string;
}
