/**
 * Argo CD's own object types, generated from its swagger.json
 * (`npm run generate:argocd-types`), under names that read well in our code.
 *
 * Every field is optional, exactly as Argo CD declares them: code that reads
 * an Application must cope with any part being absent (and a `fields`
 * projection removes most of them on purpose).
 */
import type { definitions } from './generated';

/** An Argo CD Application (`v1alpha1Application`). */
export type ArgoCdApplication = definitions['v1alpha1Application'];
/** The answer of `GET /api/v1/applications` (`v1alpha1ApplicationList`). */
export type ArgoCdApplicationList = definitions['v1alpha1ApplicationList'];
/** `spec` of an Application. */
export type ArgoCdApplicationSpec = definitions['v1alpha1ApplicationSpec'];
/** `status` of an Application. */
export type ArgoCdApplicationStatus = definitions['v1alpha1ApplicationStatus'];
/** One source of an Application (git, Helm chart, …). */
export type ArgoCdApplicationSource = definitions['v1alpha1ApplicationSource'];
/** Where an Application deploys to. */
export type ArgoCdApplicationDestination = definitions['v1alpha1ApplicationDestination'];
/** One entry of `status.history`. */
export type ArgoCdRevisionHistory = definitions['v1alpha1RevisionHistory'];
/** `status.operationState`. */
export type ArgoCdOperationState = definitions['v1alpha1OperationState'];
/** An operation (`operation` or `status.operationState.operation`). */
export type ArgoCdOperation = definitions['v1alpha1Operation'];
/** `status.operationState.syncResult`. */
export type ArgoCdSyncOperationResult = definitions['v1alpha1SyncOperationResult'];
/** One resource's result within a sync operation. */
export type ArgoCdResourceResult = definitions['v1alpha1ResourceResult'];
/** One entry of `status.resources`. */
export type ArgoCdResourceStatus = definitions['applicationv1alpha1ResourceStatus'];
/** One entry of `status.conditions`. */
export type ArgoCdApplicationCondition = definitions['v1alpha1ApplicationCondition'];
/** Health of a resource. */
export type ArgoCdHealthStatus = definitions['v1alpha1HealthStatus'];
/** Health of an Application. */
export type ArgoCdAppHealthStatus = definitions['v1alpha1AppHealthStatus'];
/** A reference to a Kubernetes resource. */
export type ArgoCdResourceRef = definitions['v1alpha1ResourceRef'];
/** A node of the resource tree (a `ResourceRef` with health, images, parents). */
export type ArgoCdResourceNode = definitions['v1alpha1ResourceNode'];
/** The answer of `GET /api/v1/applications/{name}/resource-tree`. */
export type ArgoCdApplicationTree = definitions['v1alpha1ApplicationTree'];
/** The answer of `GET /api/v1/applications/{name}/managed-resources`. */
export type ArgoCdManagedResourcesResponse = definitions['applicationManagedResourcesResponse'];
/** One managed resource with its live and target state. */
export type ArgoCdResourceDiff = definitions['v1alpha1ResourceDiff'];
/** The answer of `GET /api/v1/applications/{name}/revisions/{revision}/metadata`. */
export type ArgoCdRevisionMetadata = definitions['v1alpha1RevisionMetadata'];
/** An Argo CD project. */
export type ArgoCdAppProject = definitions['v1alpha1AppProject'];
/** The answer of `GET /api/v1/projects`. */
export type ArgoCdAppProjectList = definitions['v1alpha1AppProjectList'];
/** The answer of `POST /api/v1/session`. */
export type ArgoCdSessionResponse = definitions['sessionSessionResponse'];
/** The answer of `GET /api/v1/account/can-i/...`. */
export type ArgoCdCanIResponse = definitions['accountCanIResponse'];
/** The body of an error answer (gRPC status as JSON). */
export type ArgoCdRuntimeError = definitions['runtimeError'];
/** One event of the application watch stream. */
export type ArgoCdApplicationWatchEvent = definitions['v1alpha1ApplicationWatchEvent'];
/** One message of `GET /api/v1/stream/applications`: `{ result }` or `{ error }`. */
export interface ArgoCdApplicationStreamMessage {
  result?: ArgoCdApplicationWatchEvent;
  error?: definitions['runtimeStreamError'];
}

/** gRPC status codes that Argo CD puts in `code` of an error body. */
export const ArgoCdErrorCode = {
  Unknown: 2,
  InvalidArgument: 3,
  NotFound: 5,
  PermissionDenied: 7,
  Unavailable: 14,
  Unauthenticated: 16,
} as const;
