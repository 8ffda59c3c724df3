import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
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
import type {
  ArgoPulseApi,
  ArgoPulseApplicationRef,
  InsightsQuery,
  PortalDeploymentsQuery,
  PortalVersionsQuery,
} from './ArgoPulseApi';

const segment = (value: string) => encodeURIComponent(value);

/** A list as one query parameter, or none when empty. */
const commaList = (values?: string[]) =>
  values?.length ? values.join(',') : undefined;

/**
 * The Argo Pulse backend over HTTP, through Backstage's discovery and fetch
 * APIs (so the user's identity goes along). A failed call throws
 * `ResponseError`, which carries the backend's message.
 *
 * @public
 */
export class ArgoPulseClient implements ArgoPulseApi {
  /** Creates a client that finds the backend through `discoveryApi` and calls it through `fetchApi`. */
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  /** {@inheritDoc ArgoPulseApi.getApplications} */
  getApplications(entity: CompoundEntityRef) {
    return this.get<EntityApplicationsResponse>(
      `${entityPath(entity)}/applications`,
    );
  }

  /** {@inheritDoc ArgoPulseApi.getHistory} */
  getHistory(
    entity: CompoundEntityRef,
    page: { limit: number; offset: number },
  ) {
    return this.get<EntityHistoryResponse>(`${entityPath(entity)}/history`, {
      limit: page.limit,
      offset: page.offset,
    });
  }

  /** {@inheritDoc ArgoPulseApi.getExpectations} */
  getExpectations(
    entity: CompoundEntityRef,
    options: { states?: ExpectationState[]; limit: number; offset?: number },
  ) {
    return this.get<EntityExpectationsResponse>(
      `${entityPath(entity)}/expectations`,
      {
        state: options.states?.join(','),
        limit: options.limit,
        offset: options.offset,
      },
    );
  }

  /** {@inheritDoc ArgoPulseApi.getApplicationDetail} */
  getApplicationDetail(
    entity: CompoundEntityRef,
    app: ArgoPulseApplicationRef,
  ) {
    return this.get<ArgoPulseApplicationDetail>(applicationPath(entity, app));
  }

  /** {@inheritDoc ArgoPulseApi.getVersionMatrix} */
  getVersionMatrix(entity: CompoundEntityRef) {
    return this.get<EntityVersionMatrixResponse>(
      `${entityPath(entity)}/versions`,
    );
  }

  /** {@inheritDoc ArgoPulseApi.getDeployments} */
  getDeployments(query: PortalDeploymentsQuery) {
    return this.get<PortalDeploymentsResponse>('/deployments', {
      owner: commaList(query.owner),
      entity: commaList(query.entity),
      kind: commaList(query.kind),
      system: commaList(query.system),
      instance: commaList(query.instance),
      outcome: commaList(query.outcome),
      type: commaList(query.type),
      result: commaList(query.result),
      from: query.from,
      to: query.to,
      limit: query.limit,
      offset: query.offset,
    });
  }

  /** {@inheritDoc ArgoPulseApi.getPortalVersions} */
  getPortalVersions(query: PortalVersionsQuery) {
    return this.get<PortalVersionMatrixResponse>('/versions', {
      owner: commaList(query.owner),
      entity: commaList(query.entity),
      kind: commaList(query.kind),
      system: commaList(query.system),
      limit: query.limit,
      offset: query.offset,
    });
  }

  /** {@inheritDoc ArgoPulseApi.getEntityInsights} */
  getEntityInsights(
    entity: CompoundEntityRef,
    options: { window: '7d' | '30d' | '90d' },
  ) {
    return this.get<ArgoPulseInsightsResponse>(
      `${entityPath(entity)}/insights`,
      { window: options.window },
    );
  }

  /** {@inheritDoc ArgoPulseApi.getInsights} */
  getInsights(query: InsightsQuery) {
    return this.get<ArgoPulseInsightsResponse>('/insights', {
      owner: commaList(query.owner),
      entity: commaList(query.entity),
      system: commaList(query.system),
      window: query.window,
    });
  }

  /** {@inheritDoc ArgoPulseApi.getInstances} */
  getInstances() {
    return this.get<InstancesResponse>('/instances');
  }

  /** {@inheritDoc ArgoPulseApi.refreshApplication} */
  refreshApplication(
    entity: CompoundEntityRef,
    app: ArgoPulseApplicationRef,
    request: ArgoPulseRefreshRequest = {},
  ) {
    return this.post<ArgoPulseOperationResponse>(
      `${applicationPath(entity, app)}/refresh`,
      request,
    );
  }

  /** {@inheritDoc ArgoPulseApi.syncApplication} */
  syncApplication(
    entity: CompoundEntityRef,
    app: ArgoPulseApplicationRef,
    request: ArgoPulseSyncRequest,
  ) {
    return this.post<ArgoPulseOperationResponse>(
      `${applicationPath(entity, app)}/sync`,
      request,
    );
  }

  /** {@inheritDoc ArgoPulseApi.rollbackApplication} */
  rollbackApplication(
    entity: CompoundEntityRef,
    app: ArgoPulseApplicationRef,
    request: ArgoPulseRollbackRequest,
  ) {
    return this.post<ArgoPulseOperationResponse>(
      `${applicationPath(entity, app)}/rollback`,
      request,
    );
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl('argo-pulse');
    const response = await this.options.fetchApi.fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }

  private async get<T>(
    path: string,
    query: Record<string, string | number | undefined> = {},
  ): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl('argo-pulse');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query))
      if (value !== undefined) params.set(key, String(value));
    const search = params.size ? `?${params}` : '';
    const response = await this.options.fetchApi.fetch(
      `${base}${path}${search}`,
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}

function entityPath(entity: CompoundEntityRef): string {
  return `/entities/${segment(
    entity.kind.toLocaleLowerCase('en-US'),
  )}/${segment(entity.namespace)}/${segment(entity.name)}`;
}

function applicationPath(
  entity: CompoundEntityRef,
  app: ArgoPulseApplicationRef,
): string {
  return `${entityPath(entity)}/applications/${segment(app.instance)}/${segment(
    app.namespace,
  )}/${segment(app.name)}`;
}
