/**
 * Argo Pulse for Backstage's new frontend system: one frontend plugin with
 * the API, the overview and history entity cards, and the Argo CD entity tab.
 *
 * @packageDocumentation
 */

import { ApiBlueprint, createFrontendPlugin, discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint, EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { argoPulseApiRef } from './api/ArgoPulseApi';
import { ArgoPulseClient } from './api/ArgoPulseClient';
import { isArgoPulseAvailable } from './isArgoPulseAvailable';

/** The API client, on discovery and fetch. */
const argoPulseApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: argoPulseApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new ArgoPulseClient({ discoveryApi, fetchApi }),
    }),
});

/** The overview card, on entities with Argo CD annotations. */
const overviewCard = EntityCardBlueprint.make({
  name: 'overview',
  params: {
    filter: isArgoPulseAvailable,
    loader: () => import('./components/ArgoPulseOverviewCard').then(m => <m.ArgoPulseOverviewCard />),
  },
});

/** The deployment history card, on entities with Argo CD annotations. */
const historyCard = EntityCardBlueprint.make({
  name: 'history',
  params: {
    filter: isArgoPulseAvailable,
    loader: () => import('./components/ArgoPulseHistoryCard').then(m => <m.ArgoPulseHistoryCard />),
  },
});

/** The Argo CD tab, on entities with Argo CD annotations. */
const content = EntityContentBlueprint.make({
  params: {
    path: '/argo-cd',
    title: 'Argo CD',
    group: 'deployment',
    filter: isArgoPulseAvailable,
    loader: () => import('./components/ArgoPulseContent').then(m => <m.ArgoPulseContent />),
  },
});

/**
 * Argo Pulse for the new frontend system: the API, the overview and
 * history entity cards, and the Argo CD entity tab.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'argo-pulse',
  extensions: [argoPulseApi, overviewCard, historyCard, content],
});
