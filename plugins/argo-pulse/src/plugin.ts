import { createApiFactory, createComponentExtension, createPlugin, discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { argoPulseApiRef } from './api/ArgoPulseApi';
import { ArgoPulseClient } from './api/ArgoPulseClient';

/**
 * Argo Pulse for the legacy frontend system.
 *
 * @public
 */
export const argoPulsePlugin = createPlugin({
  id: 'argo-pulse',
  apis: [
    createApiFactory({
      api: argoPulseApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new ArgoPulseClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * Sync, health, running images and the latest expected version of the
 * entity's Argo CD applications.
 *
 * @public
 */
export const EntityArgoPulseOverviewCard = argoPulsePlugin.provide(
  createComponentExtension({
    name: 'EntityArgoPulseOverviewCard',
    component: { lazy: () => import('./components/ArgoPulseOverviewCard').then(m => m.ArgoPulseOverviewCard) },
  }),
);

/**
 * The entity's deployment history.
 *
 * @public
 */
export const EntityArgoPulseHistoryCard = argoPulsePlugin.provide(
  createComponentExtension({
    name: 'EntityArgoPulseHistoryCard',
    component: { lazy: () => import('./components/ArgoPulseHistoryCard').then(m => m.ArgoPulseHistoryCard) },
  }),
);

/**
 * The Argo CD tab: overview, history and application detail.
 *
 * @public
 */
export const EntityArgoPulseContent = argoPulsePlugin.provide(
  createComponentExtension({
    name: 'EntityArgoPulseContent',
    component: { lazy: () => import('./components/ArgoPulseContent').then(m => m.ArgoPulseContent) },
  }),
);
