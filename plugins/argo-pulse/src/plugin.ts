import { createApiFactory, createComponentExtension, createPlugin, discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import type { JSX } from 'react';
import { argoPulseApiRef } from './api/ArgoPulseApi';
import { ArgoPulseClient } from './api/ArgoPulseClient';
import type { ArgoPulseContentProps } from './components/ArgoPulseContent';
import type { ArgoPulseHistoryCardProps } from './components/ArgoPulseHistoryCard';
import type { ArgoPulseOverviewCardProps } from './components/ArgoPulseOverviewCard';

/**
 * Argo Pulse for the legacy frontend system: registers the Argo Pulse API
 * client and provides the entity cards and the entity tab.
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
export const EntityArgoPulseOverviewCard: (props: ArgoPulseOverviewCardProps) => JSX.Element = argoPulsePlugin.provide(
  createComponentExtension({
    name: 'EntityArgoPulseOverviewCard',
    component: { lazy: () => import('./components/ArgoPulseOverviewCard').then(m => m.ArgoPulseOverviewCard) },
  }),
);

/**
 * The entity's deployment history, newest first: revisions, images, commits,
 * outcome and the expected version each deployment fulfilled.
 *
 * @public
 */
export const EntityArgoPulseHistoryCard: (props: ArgoPulseHistoryCardProps) => JSX.Element = argoPulsePlugin.provide(
  createComponentExtension({
    name: 'EntityArgoPulseHistoryCard',
    component: { lazy: () => import('./components/ArgoPulseHistoryCard').then(m => m.ArgoPulseHistoryCard) },
  }),
);

/**
 * The Argo CD tab of an entity: overview, history and, for those allowed to
 * see it, the detail of each application.
 *
 * @public
 */
export const EntityArgoPulseContent: (props: ArgoPulseContentProps) => JSX.Element = argoPulsePlugin.provide(
  createComponentExtension({
    name: 'EntityArgoPulseContent',
    component: { lazy: () => import('./components/ArgoPulseContent').then(m => m.ArgoPulseContent) },
  }),
);
