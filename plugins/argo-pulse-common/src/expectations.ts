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
export type ExpectationState = 'pending' | 'deployed' | 'failed' | 'superseded' | 'cancelled';

/**
 * Why an expectation failed.
 *
 * - `timeout`: the deadline passed before the images landed.
 * - `sync-failed`: a sync that started after the expectation ended Failed or Error.
 * - `degraded`: the application stayed Degraded past the grace period after the new image appeared.
 * - `app-not-found`: a target application disappeared from Argo CD and stayed away past the grace period.
 * - `image-not-in-desired-state`: the application synced the expected revision, and it does not run the image.
 *
 * @public
 */
export type ExpectationFailureReason = 'timeout' | 'sync-failed' | 'degraded' | 'app-not-found' | 'image-not-in-desired-state';

/**
 * Every state, for validating filters.
 *
 * @public
 */
export const EXPECTATION_STATES: readonly ExpectationState[] = ['pending', 'deployed', 'failed', 'superseded', 'cancelled'];

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
  instance: string;
  namespace: string;
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
  instance: string;
  namespace: string;
  name: string;
  /** Absent when the application was not found. */
  sync?: { status: string; revisions: string[] };
  health?: { status: string; message?: string };
  operation?: { phase: string; message?: string; startedAt?: string; finishedAt?: string };
  images?: string[];
}

/**
 * An entry of the deployment history that fulfilled an expectation.
 *
 * @public
 */
export interface ExpectationDeploymentLink {
  instance: string;
  namespace: string;
  application: string;
  historyId: number;
}

/**
 * An expected version and its verdict.
 *
 * @public
 */
export interface ArgoPulseExpectation {
  id: string;
  /** The entity it was posted for; absent when posted for one application alone. */
  entityRef?: string;
  applications: ExpectationApplication[];
  /** The expected images, normalized (`docker.io/library/nginx:latest`). */
  images: string[];
  state: ExpectationState;
  /** Set when `state` is `failed`. */
  reason?: ExpectationFailureReason;
  /** Why it failed, was superseded or cancelled, in words (Argo CD's own message where there is one). */
  message?: string;
  /** While pending: what is still missing, one line per thing. */
  waitingFor?: string[];
  createdAt: string;
  /** When it fails with `timeout` if still pending. */
  deadline: string;
  resolvedAt?: string;
  /** Seconds from posting to deployed. */
  durationSeconds?: number;
  revision?: string;
  author?: string;
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
 * `202` answer of `POST /expectations`.
 *
 * @public
 */
export interface CreateExpectationResponse {
  id: string;
  /** Absolute URL of `GET /expectations/{id}`. */
  statusUrl: string;
  expectation: ArgoPulseExpectation;
}

/**
 * `GET /entities/:kind/:namespace/:name/expectations`
 *
 * @public
 */
export interface EntityExpectationsResponse {
  entityRef: string;
  items: ArgoPulseExpectation[];
  total: number;
  /** Pass as `offset` for the next page; absent on the last page. */
  nextOffset?: number;
}
