/**
 * Expected versions: what CI declares should run, and what Argo Pulse
 * decided about it. The wire types of `/api/argo-pulse/expectations`.
 */

/**
 * Where an expectation stands. `pending` is the only state that changes;
 * each of the others is final and reached exactly once.
 *
 * @public
 */
export type ExpectationState =
  | 'pending'
  | 'deployed'
  | 'failed'
  | 'superseded'
  | 'cancelled';

/**
 * Why an expectation failed.
 *
 * - `timeout`: the deadline passed before the images landed.
 * - `sync-failed`: a sync that started after the expectation ended Failed or Error.
 * - `degraded`: the application stayed Degraded past the grace period after the new image appeared.
 * - `app-not-found`: a target application disappeared from Argo CD and stayed away past the grace period.
 * - `image-not-in-desired-state`: the application synced the expected revision, and it does not run the image.
 * - `rollout-aborted`: an Argo Rollouts Rollout aborted the update to the expected image (an analysis failed, or someone aborted it).
 *
 * @public
 */
export type ExpectationFailureReason =
  | 'timeout'
  | 'instance-unreachable'
  | 'sync-failed'
  | 'degraded'
  | 'app-not-found'
  | 'image-not-in-desired-state'
  | 'rollout-aborted';

/**
 * Every {@link ExpectationState}, in lifecycle order, for validating filters.
 *
 * @public
 */
export const EXPECTATION_STATES: readonly ExpectationState[] = [
  'pending',
  'deployed',
  'failed',
  'superseded',
  'cancelled',
];

/**
 * `POST /expectations`: "these images should now run". Name an entity (all
 * of its applications must land), an entity and some of its instances, or
 * one application.
 *
 * @public
 */
export interface CreateExpectationRequest {
  /** A catalog entity reference; the kind defaults to `component` and the namespace to `default`. */
  entityRef?: string;
  /** Only the entity's applications in these Argo CD instances. */
  instances?: string[];
  /** One application; with `entityRef` it must be one of the entity's. */
  application?: { instance: string; name: string; namespace?: string };
  /** Image references: `registry/repo:tag`, `repo@sha256:…`, `nginx`. */
  images: string[];
  /** How long to wait before failing with `timeout`; the configured default when absent. */
  timeoutSeconds?: number;
  /** The git revision CI committed; lets a wrong image be detected as soon as that revision is synced. */
  revision?: string;
  /** Who made the change, in any form CI knows (a name, a username, an email address). */
  author?: string;
  /** The CI run, for links back from the portal. */
  runUrl?: string;
}

/**
 * One target application of an expectation, and what was last seen of it.
 *
 * @public
 */
export interface ExpectationApplication {
  /** The Argo CD instance the application lives in. */
  instance: string;
  /** The namespace of the Application object in Argo CD. */
  namespace: string;
  /** The application's name. */
  name: string;
  /** The application in the Argo CD UI. */
  argoCdUrl: string;
}

/**
 * What an application looked like when its expectation resolved.
 *
 * @public
 */
export interface ExpectationObservation {
  /** The Argo CD instance the application lives in. */
  instance: string;
  /** The namespace of the Application object in Argo CD. */
  namespace: string;
  /** The application's name. */
  name: string;
  /** Sync status and revisions; absent when the application was not found. */
  sync?: { status: string; revisions: string[] };
  /** Health status and message; absent when the application was not found. */
  health?: { status: string; message?: string };
  /** Phase and times of the last operation, when there was one (its message is application detail). */
  operation?: {
    phase: string;
    message?: string;
    startedAt?: string;
    finishedAt?: string;
  };
  /** The images of its live pods; absent when the application was not found. */
  images?: string[];
}

/**
 * An entry of the deployment history that fulfilled an expectation.
 *
 * @public
 */
export interface ExpectationDeploymentLink {
  /** The Argo CD instance the application lives in. */
  instance: string;
  /** The namespace of the Application object in Argo CD. */
  namespace: string;
  /** The application's name. */
  application: string;
  /** The deployment's `id` in the history (absent in links recorded before ids existed). */
  deploymentId?: string;
  /** Argo CD's history id of the deployment. */
  historyId?: number;
  /** How long Argo CD's sync took, start to finish, by Argo CD's own clock. */
  syncSeconds?: number;
}

/**
 * An expected version and its verdict.
 *
 * @public
 */
export interface ArgoPulseExpectation {
  /** The expectation's id, as in `GET /expectations/{id}`. */
  id: string;
  /** The entity it was posted for; absent when posted for one application alone. */
  entityRef?: string;
  /** The applications that must run the images. */
  applications: ExpectationApplication[];
  /** The expected images, normalized (`docker.io/library/nginx:latest`). */
  images: string[];
  /** Where the expectation stands. */
  state: ExpectationState;
  /** Set when `state` is `failed`. */
  reason?: ExpectationFailureReason;
  /** Why it failed, was superseded or cancelled, in words (Argo CD's own message where there is one). */
  message?: string;
  /** While pending: what is still missing, one line per thing. */
  waitingFor?: string[];
  /** When it was posted. */
  createdAt: string;
  /** When it fails with `timeout` if still pending. */
  deadline: string;
  /** When it left `pending`; absent while pending. */
  resolvedAt?: string;
  /** Seconds from posting to deployed. */
  durationSeconds?: number;
  /** The git revision CI committed, as posted. */
  revision?: string;
  /** Who made the change, as posted. */
  author?: string;
  /** The CI run, as posted. */
  runUrl?: string;
  /** Who posted it (a user or service entity reference). */
  createdBy?: string;
  /** The expectation that replaced this one. */
  supersededBy?: string;
  /** The applications as they were at resolution. */
  observed?: ExpectationObservation[];
  /** The history entries that fulfilled it. */
  deployments?: ExpectationDeploymentLink[];
}

/**
 * The `202 Accepted` answer of `POST /expectations`: the new expectation and where to follow it.
 *
 * @public
 */
export interface CreateExpectationResponse {
  /** The new expectation's id. */
  id: string;
  /** Absolute URL of `GET /expectations/{id}`. */
  statusUrl: string;
  /** The expectation as created, usually still `pending`. */
  expectation: ArgoPulseExpectation;
}

/**
 * The answer of `GET /entities/:kind/:namespace/:name/expectations`: one page
 * of an entity's expected versions, newest first.
 *
 * @public
 */
export interface EntityExpectationsResponse {
  /** The entity's reference in its full form, such as `component:default/payments-api`. */
  entityRef: string;
  /** The expectations of this page, newest first. */
  items: ArgoPulseExpectation[];
  /** How many expectations match the query in all. */
  total: number;
  /** Pass as `offset` for the next page; absent on the last page. */
  nextOffset?: number;
}
