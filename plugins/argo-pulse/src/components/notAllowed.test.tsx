import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import { argoPulseApiRef, ArgoPulseApi } from '../api/ArgoPulseApi';
import { entity, fakeApi, notAllowed } from '../testing/fixtures';
import { ArgoPulseContent } from './ArgoPulseContent';
import { ArgoPulseDeployments } from './ArgoPulseDeployments';
import { ArgoPulseHistoryCard } from './ArgoPulseHistoryCard';
import { ArgoPulseInstances } from './ArgoPulseInstances';
import { ArgoPulseOverviewCard } from './ArgoPulseOverviewCard';
import { ArgoPulseVersionsCard } from './ArgoPulseVersionsCard';

const READ = 'argo-pulse.application.read';

/** Every card and page, refused by the backend: one line on what and which permission, nothing of the request. */
describe.each<[string, ReactElement, keyof ArgoPulseApi, string, string]>([
  [
    'the overview card',
    <ArgoPulseOverviewCard refreshIntervalMs={0} />,
    'getApplications',
    "this service's Argo CD applications",
    READ,
  ],
  [
    'the Argo CD tab',
    <ArgoPulseContent refreshIntervalMs={0} />,
    'getApplications',
    "this service's Argo CD applications",
    READ,
  ],
  [
    'the history card',
    <ArgoPulseHistoryCard refreshIntervalMs={0} />,
    'getHistory',
    "this service's deployment history",
    READ,
  ],
  [
    'the versions card',
    <ArgoPulseVersionsCard refreshIntervalMs={0} />,
    'getVersionMatrix',
    "this service's versions",
    READ,
  ],
  [
    'the deployments page',
    <ArgoPulseDeployments refreshIntervalMs={0} />,
    'getDeployments',
    'these deployments',
    READ,
  ],
  [
    'the instances page',
    <ArgoPulseInstances refreshIntervalMs={0} />,
    'getInstances',
    'the Argo CD instances',
    'argo-pulse.instance.read',
  ],
])('%s, not allowed', (_name, element, method, what, permission) => {
  it('says what the caller may not see and which permission allows it, with no error panel', async () => {
    const api = fakeApi({ [method]: vi.fn(() => notAllowed(permission)) });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [argoPulseApiRef, api],
          [permissionApiRef, new MockPermissionApi()],
        ]}
      >
        <EntityProvider entity={entity}>{element}</EntityProvider>
      </TestApiProvider>,
      {
        routeEntries: ['/argo-pulse/deployments'],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(
      await screen.findByText(new RegExp(`You may not see ${what}:`)),
    ).toBeInTheDocument();
    expect(screen.getByText(permission)).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(
      /Forbidden|NotAllowedError|403/,
    );
  });
});
