/**
 * Argo Pulse for Backstage's new frontend system: one frontend plugin with
 * the API, the overview and history entity cards, the Argo CD entity tab,
 * and the Argo CD page (`/argo-pulse`, in the sidebar) with its instances tab.
 *
 * @packageDocumentation
 */

import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
  SubPageBlueprint,
} from '@backstage/frontend-plugin-api';
import { SubPageContent } from './components/PluginRoot';
import DeviceHubIcon from '@material-ui/icons/DeviceHub';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { argoPulseApiRef } from './api/ArgoPulseApi';
import { ArgoPulseClient } from './api/ArgoPulseClient';
import { isArgoPulseAvailable } from '@argo-pulse/backstage-plugin-common';

/** The API client, on discovery and fetch. */
const argoPulseApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: argoPulseApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ArgoPulseClient({ discoveryApi, fetchApi }),
    }),
});

/** The overview card, on entities with Argo CD annotations. */
const overviewCard = EntityCardBlueprint.make({
  name: 'overview',
  params: {
    filter: isArgoPulseAvailable,
    loader: () =>
      import('./components/ArgoPulseOverviewCard').then(m => (
        <m.ArgoPulseOverviewCard />
      )),
  },
});

/** The deployment history card, on entities with Argo CD annotations. */
const historyCard = EntityCardBlueprint.make({
  name: 'history',
  params: {
    filter: isArgoPulseAvailable,
    loader: () =>
      import('./components/ArgoPulseHistoryCard').then(m => (
        <m.ArgoPulseHistoryCard />
      )),
  },
});

/** The version matrix card (versions per environment, and drift), on entities with Argo CD annotations. */
const versionsCard = EntityCardBlueprint.make({
  name: 'versions',
  params: {
    filter: isArgoPulseAvailable,
    loader: () =>
      import('./components/ArgoPulseVersionsCard').then(m => (
        <m.ArgoPulseVersionsCard />
      )),
  },
});

/**
 * The delivery card (DORA's four keys), on entities with Argo CD
 * annotations. Off on the overview unless enabled in app-config; the Argo
 * CD tab shows it anyway.
 */
const deliveryCard = EntityCardBlueprint.make({
  name: 'delivery',
  disabled: true,
  params: {
    filter: isArgoPulseAvailable,
    loader: () =>
      import('./components/ArgoPulseDeliveryCard').then(m => (
        <m.ArgoPulseDeliveryCard />
      )),
  },
});

/** The Argo CD tab, on entities with Argo CD annotations. */
const content = EntityContentBlueprint.make({
  params: {
    path: '/argo-cd',
    title: 'Argo CD',
    group: 'deployment',
    filter: isArgoPulseAvailable,
    loader: () =>
      import('./components/ArgoPulseContent').then(m => <m.ArgoPulseContent />),
  },
});

const rootRouteRef = createRouteRef();
const instancesRouteRef = createRouteRef();

/** Argo Pulse's page at `/argo-pulse`, in the sidebar; its sections are tabs, deployments first. */
const page = PageBlueprint.make({
  params: {
    path: '/argo-pulse',
    title: 'Argo CD',
    icon: <DeviceHubIcon />,
    routeRef: rootRouteRef,
  },
});

const deploymentsRouteRef = createRouteRef();

/** The first tab: every deployment across the catalog that the user may read. */
const deploymentsPage = SubPageBlueprint.make({
  name: 'deployments',
  params: {
    path: 'deployments',
    title: 'Deployments',
    routeRef: deploymentsRouteRef,
    loader: () =>
      import('./components/ArgoPulseDeployments').then(m => (
        <SubPageContent>
          <m.ArgoPulseDeployments />
        </SubPageContent>
      )),
  },
});

const deliveryRouteRef = createRouteRef();

/** The second tab: how the services deliver (DORA's four keys), for a team or a system. */
const deliveryPage = SubPageBlueprint.make({
  name: 'delivery',
  params: {
    path: 'delivery',
    title: 'Delivery',
    routeRef: deliveryRouteRef,
    loader: () =>
      import('./components/ArgoPulseDelivery').then(m => (
        <SubPageContent>
          <m.ArgoPulseDelivery />
        </SubPageContent>
      )),
  },
});

/** The admins' tab: how each configured Argo CD instance is polled (needs `argo-pulse.instance.read`). */
const instancesPage = SubPageBlueprint.make({
  name: 'instances',
  params: {
    path: 'instances',
    title: 'Instances',
    routeRef: instancesRouteRef,
    // A sub-page's content comes unpadded: SubPageContent gives it the page's margins and its main landmark.
    loader: () =>
      import('./components/ArgoPulseInstances').then(m => (
        <SubPageContent>
          <m.ArgoPulseInstances />
        </SubPageContent>
      )),
  },
});

/**
 * Argo Pulse for the new frontend system: the API, the overview and
 * history entity cards, the Argo CD entity tab, and the Argo CD page with
 * its instances tab.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'argo-pulse',
  routes: {
    root: rootRouteRef,
    deployments: deploymentsRouteRef,
    delivery: deliveryRouteRef,
    instances: instancesRouteRef,
  },
  extensions: [
    argoPulseApi,
    overviewCard,
    historyCard,
    versionsCard,
    deliveryCard,
    content,
    page,
    deploymentsPage,
    deliveryPage,
    instancesPage,
  ],
});
