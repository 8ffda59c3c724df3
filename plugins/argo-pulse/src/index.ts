/**
 * Argo Pulse frontend plugin: Argo CD on the entity page of the Backstage
 * developer portal. `./alpha` has the same for the new frontend system.
 *
 * @packageDocumentation
 */
export {
  argoPulsePlugin,
  argoPulseDeliveryRouteRef,
  ArgoPulseDeliveryPage,
  argoPulseDeploymentsRouteRef,
  ArgoPulseDeploymentsPage,
  argoPulseInstancesRouteRef,
  ArgoPulseInstancesPage,
  EntityArgoPulseContent,
  EntityArgoPulseDeliveryCard,
  EntityArgoPulseHistoryCard,
  EntityArgoPulseOverviewCard,
  EntityArgoPulseVersionsCard,
} from './plugin';
export { argoPulseApiRef } from './api/ArgoPulseApi';
export type {
  ArgoPulseApi,
  ArgoPulseApplicationRef,
  InsightsQuery,
  PortalDeploymentsQuery,
  PortalVersionsQuery,
} from './api/ArgoPulseApi';
export { ArgoPulseClient } from './api/ArgoPulseClient';
// The same check the backend and any policy use, from the shared contract.
export { isArgoPulseAvailable } from '@argo-pulse/backstage-plugin-common';
export type { ArgoPulseOverviewCardProps } from './components/ArgoPulseOverviewCard';
export type { ArgoPulseHistoryCardProps } from './components/ArgoPulseHistoryCard';
export type { ArgoPulseContentProps } from './components/ArgoPulseContent';
export type { ArgoPulseInstancesProps } from './components/ArgoPulseInstances';
export type { ArgoPulseVersionsCardProps } from './components/ArgoPulseVersionsCard';
export type { ArgoPulseDeliveryCardProps } from './components/ArgoPulseDeliveryCard';
export type { ArgoPulseDeploymentsProps } from './components/ArgoPulseDeployments';
export type { ArgoPulseDeliveryProps } from './components/ArgoPulseDelivery';
