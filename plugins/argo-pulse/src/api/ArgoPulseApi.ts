import type { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ArgoPulseApplicationDetail,
  EntityApplicationsResponse,
  EntityExpectationsResponse,
  EntityHistoryResponse,
  ExpectationState,
} from '@argo-pulse/backstage-plugin-common';

/** One application of an entity. @public */
export interface ArgoPulseApplicationRef {
  instance: string;
  namespace: string;
  name: string;
}

/**
 * What the Argo Pulse cards read from the Argo Pulse backend. Every call
 * reads Backstage's database, never Argo CD.
 *
 * @public
 */
export interface ArgoPulseApi {
  getApplications(entity: CompoundEntityRef): Promise<EntityApplicationsResponse>;
  getHistory(entity: CompoundEntityRef, page: { limit: number; offset: number }): Promise<EntityHistoryResponse>;
  getExpectations(entity: CompoundEntityRef, options: { states?: ExpectationState[]; limit: number; offset?: number }): Promise<EntityExpectationsResponse>;
  getApplicationDetail(entity: CompoundEntityRef, application: ArgoPulseApplicationRef): Promise<ArgoPulseApplicationDetail>;
}

/** @public */
export const argoPulseApiRef = createApiRef<ArgoPulseApi>({ id: 'plugin.argo-pulse.service' });
