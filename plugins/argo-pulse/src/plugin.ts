import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import type { JSX } from 'react';
import { argoPulseApiRef } from './api/ArgoPulseApi';
import { ArgoPulseClient } from './api/ArgoPulseClient';
import type { ArgoPulseContentProps } from './components/ArgoPulseContent';
import type { ArgoPulseHistoryCardProps } from './components/ArgoPulseHistoryCard';
import type { ArgoPulseDeploymentsProps } from './components/ArgoPulseDeployments';
import type { ArgoPulseDeliveryProps } from './components/ArgoPulseDelivery';
import type { ArgoPulseInstancesProps } from './components/ArgoPulseInstances';
import type { ArgoPulseDeliveryCardProps } from './components/ArgoPulseDeliveryCard';
import type { ArgoPulseVersionsCardProps } from './components/ArgoPulseVersionsCard';
import type { ArgoPulseOverviewCardProps } from './components/ArgoPulseOverviewCard';

/**
 * Where the deployments page is mounted (`/argo-pulse` in the README).
 *
 * @public
 */
export const argoPulseDeploymentsRouteRef = createRouteRef({
  id: 'argo-pulse-deployments',
});

/**
 * Where the instances page is mounted (`/argo-pulse/instances` in the README).
 *
 * @public
 */
export const argoPulseInstancesRouteRef = createRouteRef({
  id: 'argo-pulse-instances',
});

/**
 * Where the delivery page is mounted (`/argo-pulse/delivery` in the README).
 *
 * @public
 */
export const argoPulseDeliveryRouteRef = createRouteRef({
  id: 'argo-pulse-delivery',
});

/**
 * Argo Pulse for the legacy frontend system: registers the Argo Pulse API
 * client and provides the entity cards, the entity tab and the instances page.
 *
 * @public
 */
export const argoPulsePlugin = createPlugin({
  id: 'argo-pulse',
  apis: [
    createApiFactory({
      api: argoPulseApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ArgoPulseClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    deployments: argoPulseDeploymentsRouteRef,
    delivery: argoPulseDeliveryRouteRef,
    instances: argoPulseInstancesRouteRef,
  },
});

/**
 * Sync, health, running images and the latest expected version of the
 * entity's Argo CD applications.
 *
 * @public
 */
export const EntityArgoPulseOverviewCard: (
  props: ArgoPulseOverviewCardProps,
) => JSX.Element = argoPulsePlugin.provide(
  createComponentExtension({
    name: 'EntityArgoPulseOverviewCard',
    component: {
      lazy: () =>
        import('./components/ArgoPulseOverviewCard').then(
          m => m.ArgoPulseOverviewCard,
        ),
    },
  }),
);

/**
 * The entity's deployment history, newest first: revisions, images, commits,
 * outcome and the expected version each deployment fulfilled.
 *
 * @public
 */
export const EntityArgoPulseHistoryCard: (
  props: ArgoPulseHistoryCardProps,
) => JSX.Element = argoPulsePlugin.provide(
  createComponentExtension({
    name: 'EntityArgoPulseHistoryCard',
    component: {
      lazy: () =>
        import('./components/ArgoPulseHistoryCard').then(
          m => m.ArgoPulseHistoryCard,
        ),
    },
  }),
);

/**
 * Which version of each of the entity's images runs in each environment,
 * since when, and where an environment drifted from the one before it.
 *
 * @public
 */
export const EntityArgoPulseVersionsCard: (
  props: ArgoPulseVersionsCardProps,
) => JSX.Element = argoPulsePlugin.provide(
  createComponentExtension({
    name: 'EntityArgoPulseVersionsCard',
    component: {
      lazy: () =>
        import('./components/ArgoPulseVersionsCard').then(
          m => m.ArgoPulseVersionsCard,
        ),
    },
  }),
);

/**
 * How the entity delivers to production: DORA's four keys from the
 * deployment history, each with its band. Also a section of the Argo CD tab.
 *
 * @public
 */
export const EntityArgoPulseDeliveryCard: (
  props: ArgoPulseDeliveryCardProps,
) => JSX.Element = argoPulsePlugin.provide(
  createComponentExtension({
    name: 'EntityArgoPulseDeliveryCard',
    component: {
      lazy: () =>
        import('./components/ArgoPulseDeliveryCard').then(
          m => m.ArgoPulseDeliveryCard,
        ),
    },
  }),
);

/**
 * The Argo CD tab of an entity: overview, history and, for those allowed to
 * see it, the detail of each application.
 *
 * @public
 */
export const EntityArgoPulseContent: (
  props: ArgoPulseContentProps,
) => JSX.Element = argoPulsePlugin.provide(
  createComponentExtension({
    name: 'EntityArgoPulseContent',
    component: {
      lazy: () =>
        import('./components/ArgoPulseContent').then(m => m.ArgoPulseContent),
    },
  }),
);

/**
 * The admins' page of Argo CD instances: reachability, last refresh, last
 * error, applications tracked, cycle duration, mode and requests per cycle.
 * Needs `argo-pulse.instance.read`.
 *
 * @public
 */
export const ArgoPulseInstancesPage: (
  props: ArgoPulseInstancesProps,
) => JSX.Element = argoPulsePlugin.provide(
  createRoutableExtension({
    name: 'ArgoPulseInstancesPage',
    component: () =>
      import('./components/ArgoPulseInstances').then(
        m => m.ArgoPulseInstancesPage,
      ),
    mountPoint: argoPulseInstancesRouteRef,
  }),
);

/**
 * Every deployment across the catalog that the user may read, newest first,
 * with filters kept in the URL (owner or "owned by me", entity, kind, system,
 * instance, outcome, time).
 *
 * @public
 */
export const ArgoPulseDeploymentsPage: (
  props: ArgoPulseDeploymentsProps,
) => JSX.Element = argoPulsePlugin.provide(
  createRoutableExtension({
    name: 'ArgoPulseDeploymentsPage',
    component: () =>
      import('./components/ArgoPulseDeployments').then(
        m => m.ArgoPulseDeploymentsPage,
      ),
    mountPoint: argoPulseDeploymentsRouteRef,
  }),
);

/**
 * How the services a user may read deliver: DORA's four keys from Argo
 * Pulse's deployment history, for a team or a system, week by week, per
 * environment and per entity, with filters kept in the URL (owner or "owned
 * by me", system, window).
 *
 * @public
 */
export const ArgoPulseDeliveryPage: (
  props: ArgoPulseDeliveryProps,
) => JSX.Element = argoPulsePlugin.provide(
  createRoutableExtension({
    name: 'ArgoPulseDeliveryPage',
    component: () =>
      import('./components/ArgoPulseDelivery').then(
        m => m.ArgoPulseDeliveryPage,
      ),
    mountPoint: argoPulseDeliveryRouteRef,
  }),
);
