import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { signalApiRef, SignalApi } from '@backstage/plugin-signals-react';
import {
  ARGO_PULSE_PORTAL_SIGNAL_REF,
  entitySignalKey,
} from '@argo-pulse/backstage-plugin-common';
import { argoPulseApiRef } from '../../api/ArgoPulseApi';
import { fakeSignals } from '../../testing/__testUtils__/fakeSignals';
import { deployment, expectation, fakeApi } from '../../testing/fixtures';
import { ArgoPulseDeployments } from './ArgoPulseDeployments';

async function render(
  api = fakeApi(),
  route = '/argo-pulse/deployments',
  signals?: SignalApi,
) {
  const apis: Array<
    readonly [typeof argoPulseApiRef | typeof signalApiRef, unknown]
  > = [[argoPulseApiRef, api]];
  if (signals) apis.push([signalApiRef, signals]);
  await renderInTestApp(
    <TestApiProvider apis={apis as never}>
      <ArgoPulseDeployments refreshIntervalMs={0} pageSize={2} />
    </TestApiProvider>,
    {
      routeEntries: [route],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return api;
}

describe('ArgoPulseDeployments', () => {
  it('lists each deployment and expectation under its entity, linked', async () => {
    await render(
      fakeApi({
        getDeployments: vi.fn(async () => ({
          items: [
            {
              type: 'deployment' as const,
              entityRef: 'component:default/checkout-web',
              deployment: deployment({
                id: 'a',
                application: 'checkout-web-prod',
              }),
            },
            {
              type: 'deployment' as const,
              entityRef: 'component:default/payments-api',
              deployment: deployment({
                id: 'b',
                outcome: 'Failed',
                historyId: undefined,
              }),
            },
            {
              type: 'expectation' as const,
              entityRef: 'component:default/inventory-service',
              expectation: expectation({
                state: 'superseded',
                author: 'alice',
                runUrl: 'https://ci.example.com/runs/7',
                applications: [
                  {
                    instance: 'staging',
                    namespace: 'argocd',
                    name: 'inventory-staging',
                    argoCdUrl: '',
                  },
                ],
              }),
            },
          ],
          nextOffset: 2,
        })),
      }),
    );
    const list = await screen.findByTestId('argo-pulse-portal-deployments');
    expect(within(list).getByText('checkout-web').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-web',
    );
    expect(within(list).getByText('Failed')).toBeInTheDocument();
    const expected = within(list).getByTestId('argo-pulse-feed-expectation');
    expect(within(expected).getByText(/superseded/)).toBeInTheDocument();
    expect(within(expected).getByText('inventory-staging')).toBeInTheDocument();
    expect(within(expected).getByText('alice')).toBeInTheDocument();
    expect(within(expected).getByText('CI run').closest('a')).toHaveAttribute(
      'href',
      'https://ci.example.com/runs/7',
    );
    expect(screen.getByRole('button', { name: 'Older' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Newer' })).toBeDisabled();
  });

  it('reads its filters from the URL and asks the backend for them', async () => {
    const api = await render(
      fakeApi(),
      '/argo-pulse/deployments?mine=true&outcome=pending&type=expectation&kind=component&page=1',
    );
    await waitFor(() => expect(api.getDeployments).toHaveBeenCalled());
    expect(api.getDeployments).toHaveBeenLastCalledWith({
      owner: ['me'],
      kind: ['component'],
      outcome: ['pending'],
      type: ['expectation'],
      limit: 2,
      offset: 2,
    });
    expect(
      await screen.findByRole('checkbox', { name: 'Owned by me' }),
    ).toBeChecked();
  });

  it('a changed filter asks again from the first page', async () => {
    const api = await render(fakeApi(), '/argo-pulse/deployments?page=3');
    await waitFor(() =>
      expect(api.getDeployments).toHaveBeenLastCalledWith({
        limit: 2,
        offset: 6,
      }),
    );
    fireEvent.click(
      await screen.findByRole('checkbox', { name: 'Owned by me' }),
    );
    await waitFor(() =>
      expect(api.getDeployments).toHaveBeenLastCalledWith({
        owner: ['me'],
        limit: 2,
        offset: 0,
      }),
    );
    const instance = screen.getByRole('textbox', { name: 'Instance' });
    fireEvent.change(instance, { target: { value: 'prod, staging' } });
    fireEvent.keyDown(instance, { key: 'Enter' });
    await waitFor(() =>
      expect(api.getDeployments).toHaveBeenLastCalledWith({
        owner: ['me'],
        instance: ['prod', 'staging'],
        limit: 2,
        offset: 0,
      }),
    );
  });

  it("a team's matrix above the list: a row per entity, drifted cells highlighted, the drift in words", async () => {
    const REPO = 'ghcr.io/acme/payments-api';
    const version = (v: string, instance: string) => ({
      version: v,
      image: `${REPO}:${v}`,
      applications: [
        { instance, namespace: 'argocd', name: `payments-api-${instance}` },
      ],
    });
    const api = await render(
      fakeApi({
        getPortalVersions: vi.fn(async () => ({
          environments: ['staging', 'prod'],
          entities: [
            {
              entityRef: 'component:default/payments-api',
              rows: [
                {
                  repository: REPO,
                  cells: [
                    {
                      environment: 'staging',
                      versions: [version('1.9.0', 'staging')],
                    },
                    {
                      environment: 'prod',
                      versions: [version('1.7.4', 'prod')],
                    },
                  ],
                },
              ],
              drift: [
                {
                  repository: REPO,
                  environment: 'prod',
                  comparedTo: 'staging',
                  kind: 'behind' as const,
                  deploymentsBehind: 1,
                  message: 'prod is 1 deployment behind staging',
                },
              ],
            },
            {
              entityRef: 'component:default/notifications-worker',
              rows: [],
              drift: [],
            },
          ],
        })),
      }),
      '/argo-pulse/deployments?owner=group:default/team-payments&page=2',
    );
    const matrix = await screen.findByRole('table', {
      name: 'Versions per environment by entity',
    });
    expect(api.getPortalVersions).toHaveBeenLastCalledWith({
      owner: ['group:default/team-payments'],
      limit: 50,
      offset: 0,
    });
    expect(
      within(matrix)
        .getAllByRole('rowheader')
        .map(h => h.textContent),
    ).toEqual(['payments-api', 'notifications-worker']);
    expect(
      screen.getByTestId('argo-pulse-rollout-payments-api-staging'),
    ).toHaveTextContent('1.9.0');
    expect(
      screen.getByTestId('argo-pulse-rollout-payments-api-prod').className,
    ).toMatch(/drifted/);
    expect(
      screen.getByTestId('argo-pulse-rollout-payments-api-staging').className,
    ).not.toMatch(/drifted/);
    expect(
      screen.getByTestId('argo-pulse-rollout-notifications-worker-prod'),
    ).toHaveTextContent('—');
    expect(screen.getByTestId('argo-pulse-drift')).toHaveTextContent(
      'payments-api: prod is 1 deployment behind staging',
    );
  });

  it('no matrix of the whole portal: without an owner or a system it says how to get one, and reads none', async () => {
    const api = await render(
      fakeApi(),
      '/argo-pulse/deployments?kind=component',
    );
    expect(
      await screen.findByText(/Choose an owner \(or Owned by me\) or a system/),
    ).toBeInTheDocument();
    expect(api.getPortalVersions).not.toHaveBeenCalled();
  });

  it("the matrix's own states: none of the team's entities readable, or the backend failing, while the list stays", async () => {
    await render(
      fakeApi({
        getPortalVersions: vi.fn(async () => ({
          environments: [],
          entities: [],
        })),
      }),
      '/argo-pulse/deployments?mine=true',
    );
    expect(await screen.findByText('No entities')).toBeInTheDocument();
    expect(
      await screen.findByTestId('argo-pulse-portal-deployments'),
    ).toBeInTheDocument();
  });

  it('shows what the backend says when the list or the matrix fails, each in its place', async () => {
    const failing = (message: string) =>
      vi.fn(async () => {
        throw new Error(message);
      });
    await render(
      fakeApi({
        getDeployments: failing(
          'Invalid deployments query: outcome: Invalid option',
        ),
        getPortalVersions: failing('Invalid versions query: limit: Too big'),
      }),
      '/argo-pulse/deployments?system=system:default/payments',
    );
    expect(
      (await screen.findAllByText(/Invalid deployments query: outcome/)).length,
    ).toBeGreaterThan(0);
    const matrixCard = screen
      .getByText('Versions per environment')
      .closest('.MuiCard-root') as HTMLElement;
    expect(
      (await within(matrixCard).findAllByText(/Invalid versions query: limit/))
        .length,
    ).toBeGreaterThan(0);
  });

  it('says when nothing matches', async () => {
    await render(
      fakeApi({ getDeployments: vi.fn(async () => ({ items: [] })) }),
    );
    expect(
      await screen.findByText('No deployments or expectations'),
    ).toBeInTheDocument();
  });

  it('is live with Backstage signals: the feed and the versions re-read on a portal signal, not on an entity one', async () => {
    const signals = fakeSignals();
    const api = await render(
      fakeApi(),
      '/argo-pulse/deployments?owner=group:default/team-payments',
      signals.api,
    );
    expect(await screen.findByText(/· live/)).toBeInTheDocument();
    await waitFor(() => expect(api.getPortalVersions).toHaveBeenCalledTimes(1));
    expect(api.getDeployments).toHaveBeenCalledTimes(1);

    await signals.send({
      entities: [entitySignalKey('component:default/payments-api')],
    });
    expect(api.getDeployments).toHaveBeenCalledTimes(1);

    await signals.send({
      entities: [entitySignalKey(ARGO_PULSE_PORTAL_SIGNAL_REF)],
    });
    await waitFor(() => expect(api.getDeployments).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(api.getPortalVersions).toHaveBeenCalledTimes(2));
  });
});
