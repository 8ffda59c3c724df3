import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import { argoPulseApiRef, ArgoPulseApi } from '../../api/ArgoPulseApi';
import { application, entity, expectation, fakeApi, instance, minutesAgo, overview, unannotated } from '../../testing/fixtures';
import { ArgoPulseOverviewCard } from './ArgoPulseOverviewCard';

async function render(api: ArgoPulseApi, options: { entity?: Entity; refreshIntervalMs?: number } = {}) {
  return renderInTestApp(
    <TestApiProvider apis={[[argoPulseApiRef, api]]}>
      <EntityProvider entity={options.entity ?? entity}>
        <ArgoPulseOverviewCard refreshIntervalMs={options.refreshIntervalMs ?? 0} />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('ArgoPulseOverviewCard', () => {
  it('shows progress until the backend answers', async () => {
    const api = fakeApi({ getApplications: () => new Promise(() => {}) });
    await render(api);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows an error panel when the backend refuses', async () => {
    const response = new Response(JSON.stringify({ error: { name: 'NotAllowedError', message: 'Not allowed: argo-pulse.application.read' } }), { status: 403, statusText: 'Forbidden', headers: { 'Content-Type': 'application/json' } });
    const error = await ResponseError.fromResponse(response);
    await render(fakeApi({ getApplications: async () => Promise.reject(error) }));
    expect(await screen.findByText(/Not allowed: argo-pulse.application.read/)).toBeInTheDocument();
  });

  it('shows the missing-annotation state, and asks the backend nothing, for an entity without annotations', async () => {
    const api = fakeApi();
    await render(api, { entity: unannotated });
    expect(screen.getByText(/argocd\/app-name/)).toBeInTheDocument();
    expect(api.getApplications).not.toHaveBeenCalled();
  });

  it('shows an empty state with the configuration problem', async () => {
    await render(fakeApi({ getApplications: async () => overview({ applications: [], problem: 'argocd/instance-name names "qa", which is not configured' }) }));
    expect(await screen.findByText('No Argo CD applications')).toBeInTheDocument();
    expect(screen.getByText(/names "qa", which is not configured/)).toBeInTheDocument();
  });

  it('shows each application: link to Argo CD, instance, sync with revision, health, images, last deployed', async () => {
    await render(fakeApi({ getApplications: async () => overview({ applications: [application(), application({ instance: 'staging', name: 'payments-api-staging', health: { status: 'Degraded', message: 'Back-off pulling image' } })] }) }));
    const link = (await screen.findByText('payments-api-prod')).closest('a');
    expect(link).toHaveAttribute('href', 'https://argocd.example.com/applications/argocd/payments-api-prod');
    expect(screen.getByText('staging')).toBeInTheDocument();
    expect(screen.getAllByText('Synced')).toHaveLength(2);
    expect(screen.getAllByText('4f2a9c1')).toHaveLength(2);
    expect(screen.getByText('Degraded')).toBeInTheDocument();
    expect(screen.getAllByText('ghcr.io/acme/payments-api:1.8.0')).toHaveLength(2);
    expect(screen.getAllByText('5 minutes ago')).toHaveLength(2);
  });

  it.each([
    ['pending, with how long it has waited', expectation({ state: 'pending', createdAt: minutesAgo(3) }), /payments-api:1.9.0: pending for 3m/, []],
    ['deployed, with how long it took', expectation({ state: 'deployed', durationSeconds: 80, resolvedAt: minutesAgo(1) }), /payments-api:1.9.0: deployed in 1m 20s/, []],
    ['failed, with the reason', expectation({ state: 'failed', reason: 'sync-failed', message: 'prod/payments-api-prod: sync failed: hook failed' }), /payments-api:1.9.0: failed \(sync-failed\)/, ['prod/payments-api-prod: sync failed: hook failed']],
  ])('shows the latest expected version: %s', async (_what, latest, text, details: string[]) => {
    await render(fakeApi({ getExpectations: async () => ({ entityRef: 'component:default/payments-api', items: [latest], total: 1 }) }));
    expect(await screen.findByText(text)).toBeInTheDocument();
    for (const detail of details) expect(screen.getByText(detail)).toBeInTheDocument();
  });

  it('warns about a failing or stale instance with when it last updated, and still shows what is known', async () => {
    await render(
      fakeApi({
        getApplications: async () =>
          overview({ instances: [instance({ lastSuccessAt: minutesAgo(12), stale: true, error: { message: 'GET /api/v1/applications: no answer within 10000 ms', at: minutesAgo(1) } })] }),
      }),
    );
    expect(await screen.findByText(/Argo CD instance "prod": last updated 12 minutes ago/)).toBeInTheDocument();
    expect(screen.getByText(/no answer within 10000 ms/)).toBeInTheDocument();
    expect(screen.getByText('payments-api-prod').closest('a')).toHaveAttribute('href', expect.stringContaining('payments-api-prod'));
  });

  it('refreshes on its own: a pending expectation turns to deployed without a reload', async () => {
    let state: 'pending' | 'deployed' = 'pending';
    const api = fakeApi({
      getExpectations: async () => ({ entityRef: 'component:default/payments-api', items: [expectation({ state, durationSeconds: 95 })], total: 1 }),
    });
    await render(api, { refreshIntervalMs: 30 });
    expect(await screen.findByText(/pending for/)).toBeInTheDocument();
    state = 'deployed';
    await waitFor(() => expect(screen.getByText(/deployed in 1m 35s/)).toBeInTheDocument());
    expect(screen.queryByTestId('progress')).not.toBeInTheDocument();
  });

  it('a failed refresh keeps what is shown, with a warning; the next good answer clears it', async () => {
    let fail = false;
    const api = fakeApi({
      getApplications: async () => {
        if (fail) throw new Error('Request failed with 502 Bad Gateway');
        return overview();
      },
    });
    await render(api, { refreshIntervalMs: 30 });
    expect(await screen.findByText('payments-api-prod')).toBeInTheDocument();
    fail = true;
    expect(await screen.findByText(/Could not refresh: showing the last data read/)).toBeInTheDocument();
    expect(screen.getByText('payments-api-prod')).toBeInTheDocument();
    expect(screen.queryByTestId('progress')).not.toBeInTheDocument();
    fail = false;
    await waitFor(() => expect(screen.queryByText(/Could not refresh: showing the last data read/)).not.toBeInTheDocument());
  });
});
