/**
 * Argo CD's own object types, generated from its swagger.json
 * (`npm run generate:argocd-types`), under names that read well in our code.
 *
 * Every field is optional, exactly as Argo CD declares them: code that reads
 * an Application must cope with any part being absent (and a `fields`
 * projection removes most of them on purpose).
 */
import type { definitions } from './generated';

/**
 * Every object schema of Argo CD's swagger.json, keyed by its name there
 * (`v1alpha1Application`, `runtimeError`, …): the generated `definitions`,
 * which the named aliases below pick from.
 *
 * @remarks
 * Deliberately not exported. The generated interface holds some 270
 * undocumented schemas and changes with every regeneration, so only the named
 * `ArgoCd*` aliases are part of the package's API; `@ignore` tells the API
 * report that leaving this one out is intended. It is a mapped type rather
 * than a plain alias so that the report tooling can see that tag.
 *
 * @ignore
 */
type ArgoCdDefinitions = { [K in keyof definitions]: definitions[K] };

/**
 * An Argo CD Application (`v1alpha1Application`), as Argo CD's REST API returns it.
 *
 * @public
 */
export type ArgoCdApplication = ArgoCdDefinitions['v1alpha1Application'];

/**
 * The answer of `GET /api/v1/applications`: a list of Applications (`v1alpha1ApplicationList`).
 *
 * @public
 */
export type ArgoCdApplicationList =
  ArgoCdDefinitions['v1alpha1ApplicationList'];

/**
 * The `spec` of an Application: its sources, destination, project and sync policy.
 *
 * @public
 */
export type ArgoCdApplicationSpec =
  ArgoCdDefinitions['v1alpha1ApplicationSpec'];

/**
 * The `status` of an Application: sync, health, history, resources and the current operation.
 *
 * @public
 */
export type ArgoCdApplicationStatus =
  ArgoCdDefinitions['v1alpha1ApplicationStatus'];

/**
 * One source an Application deploys from: a path in a git repository or a Helm chart.
 *
 * @public
 */
export type ArgoCdApplicationSource =
  ArgoCdDefinitions['v1alpha1ApplicationSource'];

/**
 * Where an Application deploys to: a cluster (by server URL or name) and a namespace.
 *
 * @public
 */
export type ArgoCdApplicationDestination =
  ArgoCdDefinitions['v1alpha1ApplicationDestination'];

/**
 * One past deployment of an Application: an entry of its `status.history`.
 *
 * @public
 */
export type ArgoCdRevisionHistory =
  ArgoCdDefinitions['v1alpha1RevisionHistory'];

/**
 * The state of an Application's current or last operation (`status.operationState`).
 *
 * @public
 */
export type ArgoCdOperationState = ArgoCdDefinitions['v1alpha1OperationState'];

/**
 * An operation on an Application, such as a sync (`operation` or `status.operationState.operation`).
 *
 * @public
 */
export type ArgoCdOperation = ArgoCdDefinitions['v1alpha1Operation'];

/**
 * The outcome of a sync operation (`status.operationState.syncResult`).
 *
 * @public
 */
export type ArgoCdSyncOperationResult =
  ArgoCdDefinitions['v1alpha1SyncOperationResult'];

/**
 * What a sync operation did to one resource, including hooks.
 *
 * @public
 */
export type ArgoCdResourceResult = ArgoCdDefinitions['v1alpha1ResourceResult'];

/**
 * The sync and health status of one resource an Application manages: an entry of `status.resources`.
 *
 * @public
 */
export type ArgoCdResourceStatus =
  ArgoCdDefinitions['applicationv1alpha1ResourceStatus'];

/**
 * A condition Argo CD reports on an Application, such as a sync or comparison error: an entry of `status.conditions`.
 *
 * @public
 */
export type ArgoCdApplicationCondition =
  ArgoCdDefinitions['v1alpha1ApplicationCondition'];

/**
 * The health of one resource: a status such as `Healthy` or `Degraded`, and a message.
 *
 * @public
 */
export type ArgoCdHealthStatus = ArgoCdDefinitions['v1alpha1HealthStatus'];

/**
 * The health of a whole Application: a status such as `Healthy` or `Degraded`.
 *
 * @public
 */
export type ArgoCdAppHealthStatus =
  ArgoCdDefinitions['v1alpha1AppHealthStatus'];

/**
 * A reference to one Kubernetes resource: group, version, kind, namespace, name and UID.
 *
 * @public
 */
export type ArgoCdResourceRef = ArgoCdDefinitions['v1alpha1ResourceRef'];

/**
 * A node of an Application's resource tree: a resource reference with its health, images and parents.
 *
 * @public
 */
export type ArgoCdResourceNode = ArgoCdDefinitions['v1alpha1ResourceNode'];

/**
 * The answer of `GET /api/v1/applications/{name}/resource-tree`: every resource an Application owns, directly or not.
 *
 * @public
 */
export type ArgoCdApplicationTree =
  ArgoCdDefinitions['v1alpha1ApplicationTree'];

/**
 * The answer of `GET /api/v1/applications/{name}/managed-resources`: the resources an Application manages.
 *
 * @public
 */
export type ArgoCdManagedResourcesResponse =
  ArgoCdDefinitions['applicationManagedResourcesResponse'];

/**
 * One resource an Application manages, with its live and its target state.
 *
 * @public
 */
export type ArgoCdResourceDiff = ArgoCdDefinitions['v1alpha1ResourceDiff'];

/**
 * The answer of `GET /api/v1/applications/{name}/revisions/{revision}/metadata`: the author, date and message of a git commit.
 *
 * @public
 */
export type ArgoCdRevisionMetadata =
  ArgoCdDefinitions['v1alpha1RevisionMetadata'];

/**
 * The answer of `GET /api/v1/applications/{name}/revisions/{revision}/ocimetadata` (Argo CD 3.1+): what an OCI artifact's `org.opencontainers.image.*` annotations say of a digest (created, authors, version, source URL, description).
 *
 * @public
 */
export type ArgoCdOCIMetadata = ArgoCdDefinitions['v1alpha1OCIMetadata'];

/**
 * An Argo CD project (`AppProject`), which groups Applications and restricts what they may deploy where.
 *
 * @public
 */
export type ArgoCdAppProject = ArgoCdDefinitions['v1alpha1AppProject'];

/**
 * The answer of `GET /api/v1/projects`: a list of projects.
 *
 * @public
 */
export type ArgoCdAppProjectList = ArgoCdDefinitions['v1alpha1AppProjectList'];

/**
 * The answer of `POST /api/v1/session`: the session token for a username and password.
 *
 * @public
 */
export type ArgoCdSessionResponse = ArgoCdDefinitions['sessionSessionResponse'];

/**
 * The answer of `GET /api/v1/account/can-i/...`: whether the caller may perform an action (`yes` or `no`).
 *
 * @public
 */
export type ArgoCdCanIResponse = ArgoCdDefinitions['accountCanIResponse'];

/**
 * The manifests of an application at a revision (`GET /api/v1/applications/{name}/manifests`):
 * each Kubernetes object as a JSON string.
 *
 * @public
 */
export type ArgoCdManifestResponse =
  ArgoCdDefinitions['repositoryManifestResponse'];

/**
 * The body of an Argo CD error answer: a gRPC status (`code`, `message`) as JSON.
 *
 * @public
 */
export type ArgoCdRuntimeError = ArgoCdDefinitions['runtimeError'];

/**
 * One event of the application watch stream: an Application and whether it was added, modified or deleted.
 *
 * @public
 */
export type ArgoCdApplicationWatchEvent =
  ArgoCdDefinitions['v1alpha1ApplicationWatchEvent'];

/**
 * One message of `GET /api/v1/stream/applications`, which sends one JSON
 * object per line: either a watch event or an error.
 *
 * @public
 */
export interface ArgoCdApplicationStreamMessage {
  /** The watch event, when the message is not an error. */
  result?: ArgoCdApplicationWatchEvent;
  /** An error from Argo CD in place of an event, with its gRPC and HTTP codes. */
  error?: ArgoCdDefinitions['runtimeStreamError'];
}

/**
 * The gRPC status codes that Argo CD puts in the `code` of an error body
 * ({@link ArgoCdRuntimeError}), by name.
 *
 * @public
 */
export const ArgoCdErrorCode = {
  Unknown: 2,
  InvalidArgument: 3,
  NotFound: 5,
  PermissionDenied: 7,
  Unavailable: 14,
  Unauthenticated: 16,
} as const;

/**
 * The answer of `GET /api/v1/applications/{name}/resource`: one managed resource's live manifest, as a JSON string.
 *
 * @public
 */
export type ArgoCdApplicationResourceResponse =
  ArgoCdDefinitions['applicationApplicationResourceResponse'];

export * from './argoRollout';

/**
 * An ApplicationSet (`v1alpha1ApplicationSet`): a generator of Applications, with its status (health in 3.4+, and each generated application's progressive sync step).
 *
 * @public
 */
export type ArgoCdApplicationSet = ArgoCdDefinitions['v1alpha1ApplicationSet'];

/**
 * The answer of `GET /api/v1/applicationsets`.
 *
 * @public
 */
export type ArgoCdApplicationSetList =
  ArgoCdDefinitions['v1alpha1ApplicationSetList'];
