import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type { ArgoPulseApplicationDetail } from '@argo-pulse/backstage-plugin-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { argoPulseApiRef } from '../../api/ArgoPulseApi';
import {
  application,
  entity,
  fakeApi,
  instance,
  minutesAgo,
  overview,
  unannotated,
} from '../../testing/fixtures';
import { ArgoPulseContent } from './ArgoPulseContent';

const detail: ArgoPulseApplicationDetail = {
  instance: 'prod',
  namespace: 'argocd',
  name: 'payments-api-prod',
  project: 'payments',
  resources: [
    {
      group: 'apps',
      kind: 'Deployment',
      namespace: 'payments',
      name: 'payments-api',
      syncStatus: 'Synced',
      health: { status: 'Degraded', message: 'ImagePullBackOff' },
      images: ['ghcr.io/acme/payments-api:1.9.0'],
    },
    {
      kind: 'Service',
      namespace: 'payments',
      name: 'payments-api',
      syncStatus: 'OutOfSync',
      health: { status: 'Healthy' },
    },
  ],
  conditions: [
    { type: 'SyncError', message: 'one or more objects failed to apply' },
    {
      type: 'SyncError',
      message:
        'Failed sync attempt to 4f2a9c1: one or more tasks failed (retried 5 times).',
    },
  ],
  operation: {
    phase: 'Failed',
    message: 'one or more tasks failed',
    finishedAt: minutesAgo(2),
    resourceResults: [
      {
        kind: 'Job',
        name: 'migrate',
        status: 'SyncFailed',
        hookPhase: 'Failed',
        message: 'backoff limit reached',
      },
    ],
  },
  sources: [
    {
      repoURL: 'https://github.com/acme/deployments.git',
      path: 'apps/payments-api',
      targetRevision: 'main',
    },
  ],
  destination: {
    server: 'https://kubernetes.default.svc',
    namespace: 'payments',
  },
  argoCdUrl: 'https://argocd.example.com/applications/argocd/payments-api-prod',
  observedAt: minutesAgo(1),
};

async function render(options: {
  allowDetail: boolean;
  entity?: typeof entity;
  api?: ReturnType<typeof fakeApi>;
}) {
  const api =
    options.api ?? fakeApi({ getApplicationDetail: vi.fn(async () => detail) });
  const permissionApi = new MockPermissionApi(request =>
    request.permission.name === 'argo-pulse.application.detail.read' &&
    !options.allowDetail
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW,
  );
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [argoPulseApiRef, api],
        [permissionApiRef, permissionApi],
      ]}
    >
      <EntityProvider entity={options.entity ?? entity}>
        <ArgoPulseContent refreshIntervalMs={0} />
      </EntityProvider>
    </TestApiProvider>,
  );
  return api;
}

describe('ArgoPulseContent', () => {
  it('leads with a summary; a failing application first and open, with its placement, last operation, conditions and a searchable resource table', async () => {
    const api = fakeApi({
      getApplications: vi.fn(async () =>
        overview({
          applications: [
            application({ instance: 'dev', name: 'payments-api-dev' }),
            application({
              health: { status: 'Degraded' },
              operation: {
                phase: 'Failed',
                finishedAt: minutesAgo(2),
                message: 'one or more tasks failed',
              },
            }),
          ],
          instances: [instance({ instance: 'dev' }), instance()],
        }),
      ),
      getApplicationDetail: vi.fn(async () => detail),
    });
    await render({ allowDetail: true, api });
    const summary = await screen.findByTestId('argo-pulse-summary');
    expect(summary).toHaveTextContent('2applications2synced1healthy1failing');
    const rows = screen.getAllByTestId('argo-pulse-application');
    expect(rows[0]).toHaveTextContent(/^payments-api-prod/);
    expect(rows[1]).toHaveTextContent(/^payments-api-dev/);
    // Only the failing one is open, so only its detail is read.
    expect(
      await screen.findByText(
        'Job migrate: SyncFailed — hook Failed — backoff limit reached',
      ),
    ).toBeInTheDocument();
    expect(api.getApplicationDetail).toHaveBeenCalledTimes(1);
    expect(api.getApplicationDetail).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'payments-api' }),
      expect.objectContaining({ instance: 'prod', name: 'payments-api-prod' }),
    );
    expect(
      screen.getByRole('cell', {
        name: 'https://github.com/acme/deployments.git apps/payments-api at main',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('cell', {
        name: 'https://kubernetes.default.svc / namespace payments',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('SyncError: one or more objects failed to apply'),
    ).toBeInTheDocument();
    // Argo CD's message once: the row's "Last sync" says it, the detail's last operation does not again.
    expect(screen.getAllByText('one or more tasks failed')).toHaveLength(1);
    expect(screen.queryByText(/retried 5 times/)).not.toBeInTheDocument();
    expect(
      screen.getByText(
        'Job migrate: SyncFailed — hook Failed — backoff limit reached',
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByText('Deployment').length).toBeGreaterThan(0);
    // The filter searches every column; the unhealthy Deployment comes before the healthy Service.
    const resources = () =>
      screen.getAllByRole('row').map(row => row.textContent ?? '');
    expect(resources().findIndex(r => r.startsWith('Deployment'))).toBeLessThan(
      resources().findIndex(r => r.startsWith('Service')),
    );
    fireEvent.change(screen.getByPlaceholderText('Filter'), {
      target: { value: 'outofsync' },
    });
    expect(resources().some(r => r.startsWith('Deployment'))).toBe(false);
    expect(resources().some(r => r.startsWith('Service'))).toBe(true);
    expect(screen.getByText('Deployment history')).toBeInTheDocument();
    // The overview card is not repeated on top.
    expect(screen.queryByTestId('argo-pulse-overview')).not.toBeInTheDocument();

    fireEvent.click(
      screen.getByRole('button', { name: 'Detail of payments-api-dev (dev)' }),
    );
    await waitFor(() =>
      expect(api.getApplicationDetail).toHaveBeenCalledTimes(2),
    );
  });

  it('without it: a clear notice, not an error, and the detail is never asked for', async () => {
    // usePermission caches decisions per entity across renders (SWR): another entity here.
    const api = await render({
      allowDetail: false,
      entity: {
        ...entity,
        metadata: { ...entity.metadata, name: 'payments-api-restricted' },
      },
    });
    await waitFor(() =>
      expect(document.body).toHaveTextContent(
        /You can see sync, health and history, but not the resources, conditions and operation messages/,
      ),
    );
    expect(
      screen.getByText('argo-pulse.application.detail.read'),
    ).toBeInTheDocument();
    expect(screen.getByText('Deployment history')).toBeInTheDocument();
    expect(api.getApplicationDetail).not.toHaveBeenCalled();
  });

  it('the missing-annotation state for an entity without annotations', async () => {
    await render({ allowDetail: true, entity: unannotated });
    expect(await screen.findByText(/Missing Annotation/i)).toBeInTheDocument();
    // Named in the text and in the YAML example (which the highlighter may or may not have split yet).
    expect(screen.getAllByText(/argocd\/app-name/).length).toBeGreaterThan(0);
  });
});
