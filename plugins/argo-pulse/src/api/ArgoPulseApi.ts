import type { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ArgoPulseDeploymentResultStatus,
  ArgoPulseInsightsResponse,
  ArgoPulseApplicationDetail,
  ArgoPulseOperationResponse,
  ArgoPulseRefreshRequest,
  ArgoPulseRollbackRequest,
  ArgoPulseSyncRequest,
  EntityApplicationsResponse,
  EntityExpectationsResponse,
  EntityHistoryResponse,
  ExpectationState,
  EntityVersionMatrixResponse,
  InstancesResponse,
  PortalDeploymentsResponse,
  PortalVersionMatrixResponse,
} from '@argo-pulse/backstage-plugin-common';

/**
 * Names one Argo CD application of an entity, as the application detail
 * route addresses it.
 *
 * @public
 */
export interface ArgoPulseApplicationRef {
  /** The Argo CD instance the application lives in, by its configured name. */
  instance: string;
  /** The namespace of the Application object in Argo CD. */
  namespace: string;
  /** The application's name. */
  name: string;
}

/**
 * The filters and page of the portal-wide deployments; each list matches any of its values.
 *
 * @public
 */
export interface PortalDeploymentsQuery {
  /** Owners of the entity (`group:default/team-a`), or `me` for what the signed-in user owns through. */
  owner?: string[];
  /** Entities, as refs (`component:default/payments-api`). */
  entity?: string[];
  /** Entity kinds (`component`). */
  kind?: string[];
  /** Systems the entity is part of, as refs. */
  system?: string[];
  /** Argo CD instances, by their configured names. */
  instance?: string[];
  /**
   * `deployed` and `failed` match deployments (a successful sync, a failed
   * operation) and expectations in that state; `pending`, `superseded` and
   * `cancelled`, expectations only.
   */
  outcome?: ExpectationState[];
  /** Deployments only, or expectations only. */
  type?: Array<'deployment' | 'expectation'>;
  /** Deployments whose result (what happened after the sync) is one of these; no expectations. */
  result?: ArgoPulseDeploymentResultStatus[];
  /** A deployment finished, an expectation was posted, at or after this ISO time. */
  from?: string;
  /** At or before this ISO time. */
  to?: string;
  /** Rows per page, 1 to 100. */
  limit: number;
  /** How many to skip: the page times `limit`. */
  offset: number;
}

/**
 * Which entities' versions to read across the portal (a team's, a system's); each list matches any of its values.
 *
 * @public
 */
export interface PortalVersionsQuery {
  /** Owners of the entity (`group:default/team-a`), or `me` for what the signed-in user owns through. */
  owner?: string[];
  /** Entities, as refs. */
  entity?: string[];
  /** Entity kinds. */
  kind?: string[];
  /** Systems the entity is part of, as refs. */
  system?: string[];
  /** Entities per page, 1 to 100. */
  limit: number;
  /** How many entities to skip. */
  offset: number;
}

/**
 * Which entities' delivery figures to read ({@link ArgoPulseApi.getInsights}), and over how long.
 *
 * @public
 */
export interface InsightsQuery {
  /** Owners of the entity (`group:default/team-a`), or `me` for what the signed-in user owns through. */
  owner?: string[];
  /** Entities, as refs. */
  entity?: string[];
  /** Systems the entity is part of, as refs. */
  system?: string[];
  /** The last 7, 30 (default) or 90 days. */
  window?: '7d' | '30d' | '90d';
}

/**
 * What the Argo Pulse cards read from the Argo Pulse backend. Every read
 * reads Backstage's database, never Argo CD; refresh, sync and rollback ask
 * Argo CD, through the backend, with the instance's token.
 *
 * @public
 */
export interface ArgoPulseApi {
  /** Reads the overview of the entity's applications and the freshness of their instances. */
  getApplications(
    entity: CompoundEntityRef,
  ): Promise<EntityApplicationsResponse>;
  /** Reads one page of the entity's deployment history, newest first (`limit` at most 100). */
  getHistory(
    entity: CompoundEntityRef,
    page: { limit: number; offset: number },
  ): Promise<EntityHistoryResponse>;
  /** Reads one page of the entity's expected versions, newest first, optionally only those in some states. */
  getExpectations(
    entity: CompoundEntityRef,
    options: { states?: ExpectationState[]; limit: number; offset?: number },
  ): Promise<EntityExpectationsResponse>;
  /** Reads the detail of one of the entity's applications; needs `argo-pulse.application.detail.read`. */
  getApplicationDetail(
    entity: CompoundEntityRef,
    application: ArgoPulseApplicationRef,
  ): Promise<ArgoPulseApplicationDetail>;
  /** Reads which version of each of the entity's images runs in each environment, and the drift between them. */
  getVersionMatrix(
    entity: CompoundEntityRef,
  ): Promise<EntityVersionMatrixResponse>;
  /** Reads one page of the deployments of every entity the user may read, and the expectations CI posted for them, newest first. */
  getDeployments(
    query: PortalDeploymentsQuery,
  ): Promise<PortalDeploymentsResponse>;
  /** Reads the version matrix of many entities at once (a team's, a system's), one entry per entity the user may read. */
  getPortalVersions(
    query: PortalVersionsQuery,
  ): Promise<PortalVersionMatrixResponse>;
  /** Reads the entity's delivery figures (DORA's four keys), from its own annotations. */
  getEntityInsights(
    entity: CompoundEntityRef,
    options: { window: '7d' | '30d' | '90d' },
  ): Promise<ArgoPulseInsightsResponse>;
  /** Reads delivery figures (DORA's four keys) of the entities the query selects that the user may read. */
  getInsights(query: InsightsQuery): Promise<ArgoPulseInsightsResponse>;
  /** Reads how polling each configured Argo CD instance goes; needs `argo-pulse.instance.read`. */
  getInstances(): Promise<InstancesResponse>;
  /**
   * Asks Argo CD to refresh one of the entity's applications (compare it
   * with git again; `hard` regenerates the manifests too); needs
   * `argo-pulse.application.refresh`.
   */
  refreshApplication(
    entity: CompoundEntityRef,
    application: ArgoPulseApplicationRef,
    request?: ArgoPulseRefreshRequest,
  ): Promise<ArgoPulseOperationResponse>;
  /** Starts a sync of one of the entity's applications to its target revision; needs `argo-pulse.application.sync`. */
  syncApplication(
    entity: CompoundEntityRef,
    application: ArgoPulseApplicationRef,
    request: ArgoPulseSyncRequest,
  ): Promise<ArgoPulseOperationResponse>;
  /** Rolls one of the entity's applications back to an earlier deployment; needs `argo-pulse.application.rollback`. */
  rollbackApplication(
    entity: CompoundEntityRef,
    application: ArgoPulseApplicationRef,
    request: ArgoPulseRollbackRequest,
  ): Promise<ArgoPulseOperationResponse>;
}

/**
 * The reference to the {@link ArgoPulseApi}, under which apps register an
 * implementation and components read it (`useApi(argoPulseApiRef)`).
 *
 * @public
 */
export const argoPulseApiRef = createApiRef<ArgoPulseApi>({
  id: 'plugin.argo-pulse.service',
});
