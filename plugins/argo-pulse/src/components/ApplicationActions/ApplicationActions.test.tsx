import type { Entity } from '@backstage/catalog-model';
import { alertApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type { ArgoPulseOperationResponse } from '@argo-pulse/backstage-plugin-common';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import type { ReactElement } from 'react';
import { argoPulseApiRef } from '../../api/ArgoPulseApi';
import {
  deployment,
  entity as baseEntity,
  fakeApi,
  minutesAgo,
  operation,
  refused,
} from '../../testing/fixtures';
import { ArgoPulseContent } from '../ArgoPulseContent';
import { ArgoPulseHistoryCard } from '../ArgoPulseHistoryCard';
import { ArgoPulseOverviewCard } from '../ArgoPulseOverviewCard';

const APP = {
  instance: 'prod',
  namespace: 'argocd',
  name: 'payments-api-prod',
};

// Permission answers are cached by entity ref: each test has an entity of its own.
let count = 0;
function freshEntity(): Entity {
  count += 1;
  return {
    ...baseEntity,
    metadata: { ...baseEntity.metadata, name: `payments-api-${count}` },
  };
}

/** Every permission allowed but those in `denied`. */
async function render(
  element: ReactElement,
  options: {
    api: ReturnType<typeof fakeApi>;
    denied?: string[];
    entity?: Entity;
  },
) {
  const entity = options.entity ?? freshEntity();
  const asked: string[] = [];
  const permissionApi = mockApis.permission({
    authorize: (request: EvaluatePermissionRequest) => {
      asked.push(request.permission.name);
      return options.denied?.includes(request.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW;
    },
  });
  const alertApi = { post: vi.fn(), alert$: vi.fn() };
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [argoPulseApiRef, options.api],
        [permissionApiRef, permissionApi],
        [alertApiRef, alertApi],
      ]}
    >
      <EntityProvider entity={entity}>{element}</EntityProvider>
    </TestApiProvider>,
  );
  return { alertApi, asked, entity };
}

/** Waits until `permission` was asked about and its answer rendered. */
async function settled(asked: string[], permission: string) {
  await waitFor(() => expect(asked).toContain(permission));
  await act(async () => {});
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

describe('refresh and sync on the overview card', () => {
  it('offers nothing to a user without the refresh and sync permissions', async () => {
    const api = fakeApi();
    const { asked } = await render(
      <ArgoPulseOverviewCard refreshIntervalMs={0} />,
      {
        api,
        denied: [
          'argo-pulse.application.refresh',
          'argo-pulse.application.sync',
        ],
      },
    );
    expect(await screen.findByText('payments-api-prod')).toBeInTheDocument();
    await settled(asked, 'argo-pulse.application.sync');
    expect(
      screen.queryByRole('button', { name: /Actions on/ }),
    ).not.toBeInTheDocument();
  });

  it('refreshes from the Actions menu, with progress on the button and an alert', async () => {
    const answer = deferred<ArgoPulseOperationResponse>();
    const api = fakeApi({ refreshApplication: vi.fn(() => answer.promise) });
    const { alertApi, entity } = await render(
      <ArgoPulseOverviewCard refreshIntervalMs={0} />,
      { api },
    );
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Actions on payments-api-prod (prod)',
      }),
    );
    const menu = await screen.findByRole('menu');
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map(item => item.textContent),
    ).toEqual(['Refresh', 'Hard refresh', 'Sync…']);
    fireEvent.click(within(menu).getByRole('menuitem', { name: 'Refresh' }));
    const button = screen.getByRole('button', {
      name: 'Actions on payments-api-prod (prod)',
    });
    await waitFor(() => expect(button).toHaveAttribute('aria-busy', 'true'));
    expect(
      within(button).getByRole('progressbar', { hidden: true }),
    ).toBeInTheDocument();
    await act(async () =>
      answer.resolve(
        operation('refresh', APP, {
          status: 'refreshed',
          message: 'Refreshed payments-api-prod',
        }),
      ),
    );
    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith(
        expect.objectContaining({
          message: 'Refreshed payments-api-prod',
          severity: 'success',
        }),
      ),
    );
    expect(api.refreshApplication).toHaveBeenCalledTimes(1);
    expect(api.refreshApplication).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: entity.metadata.name },
      expect.objectContaining(APP),
      { hard: false },
    );
    expect(button).toHaveAttribute('aria-busy', 'false');
  });

  it('a hard refresh asks for one; a refused refresh is an alert in words', async () => {
    const api = fakeApi({
      refreshApplication: vi.fn(() =>
        refused(
          403,
          'The Argo CD token of instance prod may not refresh this application',
        ),
      ),
    });
    const { alertApi } = await render(
      <ArgoPulseOverviewCard refreshIntervalMs={0} />,
      { api },
    );
    fireEvent.click(
      await screen.findByRole('button', {
        name: /Actions on payments-api-prod/,
      }),
    );
    fireEvent.click(
      await screen.findByRole('menuitem', { name: 'Hard refresh' }),
    );
    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith({
        message:
          'Hard refresh of payments-api-prod failed: The Argo CD token of instance prod may not refresh this application',
        severity: 'error',
      }),
    );
    expect(api.refreshApplication).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining(APP),
      { hard: true },
    );
  });

  it('without detail, the sync dialog names no revision it cannot know', async () => {
    const api = fakeApi();
    await render(<ArgoPulseOverviewCard refreshIntervalMs={0} />, {
      api,
      denied: ['argo-pulse.application.detail.read'],
    });
    fireEvent.click(
      await screen.findByRole('button', {
        name: /Actions on payments-api-prod/,
      }),
    );
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Sync…' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      'Argo CD syncs payments-api-prod on prod to its target revision.',
    );
    expect(api.getApplicationDetail).not.toHaveBeenCalled();
  });
});

describe('refresh and sync on the tab', () => {
  const detailApi = () =>
    fakeApi({
      getApplicationDetail: vi.fn(async () => ({
        ...APP,
        project: 'payments',
        resources: [],
        conditions: [],
        sources: [
          {
            repoURL: 'https://github.com/acme/deployments.git',
            targetRevision: 'main',
          },
        ],
        destination: {},
        argoCdUrl: 'https://argocd.example.com/applications/argocd/x',
        observedAt: minutesAgo(1),
      })),
    });

  it('shows only the buttons the user is allowed: sync without refresh', async () => {
    const { asked } = await render(<ArgoPulseContent refreshIntervalMs={0} />, {
      api: detailApi(),
      denied: ['argo-pulse.application.refresh'],
    });
    expect(
      await screen.findByRole('button', { name: 'Sync payments-api-prod…' }),
    ).toBeInTheDocument();
    await settled(asked, 'argo-pulse.application.refresh');
    expect(
      screen.queryByRole('button', { name: /Refresh payments-api-prod/ }),
    ).not.toBeInTheDocument();
  });

  it('sync: says what happens, sends one request with the chosen options on a double click, shows progress, closes with an alert', async () => {
    const answer = deferred<ArgoPulseOperationResponse>();
    const api = detailApi();
    api.syncApplication.mockImplementation(() => answer.promise);
    const { alertApi } = await render(
      <ArgoPulseContent refreshIntervalMs={0} />,
      { api },
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Sync payments-api-prod…' }),
    );
    const dialog = await screen.findByRole('dialog');
    await waitFor(() =>
      expect(dialog).toHaveTextContent(
        'Argo CD syncs payments-api-prod on prod to its target revision main.',
      ),
    );
    const prune = within(dialog).getByRole('checkbox', { name: /Prune/ });
    const dryRun = within(dialog).getByRole('checkbox', { name: /Dry run/ });
    expect(prune).not.toBeChecked();
    expect(dryRun).not.toBeChecked();
    fireEvent.click(prune);
    const confirm = within(dialog).getByRole('button', { name: 'Confirm' });
    fireEvent.click(confirm);
    fireEvent.click(confirm);
    expect(
      await within(dialog).findByText(
        'Asking Argo CD to sync payments-api-prod…',
      ),
    ).toBeInTheDocument();
    expect(confirm).toBeDisabled();
    expect(api.syncApplication).toHaveBeenCalledTimes(1);
    expect(api.syncApplication).toHaveBeenCalledWith(
      expect.objectContaining({ kind: 'Component', namespace: 'default' }),
      expect.objectContaining(APP),
      { prune: true, dryRun: false },
    );
    await act(async () =>
      answer.resolve(
        operation('sync', APP, {
          message: 'Sync of payments-api-prod started',
        }),
      ),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(alertApi.post).toHaveBeenCalledWith({
      message: 'Sync of payments-api-prod started',
      severity: 'success',
      display: 'transient',
    });
  });

  it("sync: a 409 is said in the backend's words inside the dialog, which stays open", async () => {
    const api = detailApi();
    api.syncApplication.mockImplementation(() =>
      refused(409, 'Another operation is already running on payments-api-prod'),
    );
    const { alertApi } = await render(
      <ArgoPulseContent refreshIntervalMs={0} />,
      { api },
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Sync payments-api-prod…' }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /Dry run/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent(
      'The sync was not started: Another operation is already running on payments-api-prod',
    );
    expect(alert.textContent).not.toMatch(/Request failed|409|at /);
    expect(api.syncApplication).toHaveBeenCalledWith(
      expect.anything(),
      expect.anything(),
      { prune: false, dryRun: true },
    );
    expect(
      within(dialog).getByRole('button', { name: 'Confirm' }),
    ).toBeEnabled();
    expect(alertApi.post).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('refreshes from its button with progress, then alerts', async () => {
    const answer = deferred<ArgoPulseOperationResponse>();
    const api = detailApi();
    api.refreshApplication.mockImplementation(() => answer.promise);
    const { alertApi } = await render(
      <ArgoPulseContent refreshIntervalMs={0} />,
      { api },
    );
    const button = await screen.findByRole('button', {
      name: 'Refresh payments-api-prod',
    });
    fireEvent.click(button);
    fireEvent.click(button);
    await waitFor(() => expect(button).toBeDisabled());
    expect(
      within(button).getByRole('progressbar', { hidden: true }),
    ).toBeInTheDocument();
    await act(async () =>
      answer.resolve(
        operation('refresh', APP, {
          status: 'refreshed',
          message: 'Refreshed payments-api-prod',
        }),
      ),
    );
    await waitFor(() => expect(button).toBeEnabled());
    expect(api.refreshApplication).toHaveBeenCalledTimes(1);
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'Refreshed payments-api-prod' }),
    );
  });
});

describe('rollback and who started a sync, on history rows', () => {
  const history = () =>
    fakeApi({
      getHistory: vi.fn(async () => ({
        entityRef: 'component:default/payments-api',
        items: [
          deployment({
            id: 'now1',
            images: ['ghcr.io/acme/payments-api:1.9.0'],
            rollback: { possible: false, reason: 'it runs now' },
            startedFromBackstage: { by: 'user:default/alice', action: 'sync' },
          }),
          deployment({
            id: 'old1',
            revisions: ['abc1234def5678abc1234def5678abc1234def56'],
            finishedAt: minutesAgo(3 * 24 * 60 + 60),
            rollback: { possible: true },
          }),
          deployment({ id: 'failed1', outcome: 'Failed' }),
          deployment({
            id: 'old2',
            finishedAt: minutesAgo(20 * 24 * 60),
            rollback: {
              possible: false,
              reason: "not in Argo CD's last 10 deployments",
            },
          }),
          deployment({
            id: 'old3',
            finishedAt: minutesAgo(21 * 24 * 60),
            rollback: {
              possible: false,
              reason: "not in Argo CD's last 10 deployments",
            },
          }),
        ],
        total: 5,
      })),
    });

  it('offers "Roll back" where Argo CD can, says why not once per reason, and confirms what it will do', async () => {
    const api = history();
    const { alertApi } = await render(
      <ArgoPulseHistoryCard refreshIntervalMs={0} />,
      { api },
    );
    const rows = await screen.findAllByTestId('argo-pulse-deployment');
    expect(rows).toHaveLength(5);
    // What runs now needs no words; a reason shared by older rows is said on the first of them.
    expect(within(rows[0]).queryByText(/Roll back/)).not.toBeInTheDocument();
    expect(within(rows[2]).queryByText(/Roll back/)).not.toBeInTheDocument();
    expect(
      within(rows[3]).getByText(
        "Roll back: not possible (not in Argo CD's last 10 deployments)",
      ),
    ).toBeInTheDocument();
    expect(within(rows[4]).queryByText(/Roll back/)).not.toBeInTheDocument();
    fireEvent.click(
      await within(rows[1]).findByRole('button', {
        name: 'Roll back payments-api-prod to this deployment',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      'Argo CD syncs payments-api-prod on prod back to revision abc1234 (image payments-api:1.8.0), deployed 3 days ago.',
    );
    const confirm = within(dialog).getByRole('button', { name: 'Confirm' });
    fireEvent.click(confirm);
    fireEvent.click(confirm);
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.rollbackApplication).toHaveBeenCalledTimes(1);
    expect(api.rollbackApplication).toHaveBeenCalledWith(
      expect.objectContaining({ kind: 'Component' }),
      APP,
      { deploymentId: 'old1' },
    );
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({
        message: 'Rollback of payments-api-prod started',
      }),
    );
  });

  it('a refused rollback is said in words in the dialog', async () => {
    const api = history();
    api.rollbackApplication.mockImplementation(() =>
      refused(429, 'A sync of payments-api-prod was started 2 s ago'),
    );
    await render(<ArgoPulseHistoryCard refreshIntervalMs={0} />, { api });
    fireEvent.click(await screen.findByRole('button', { name: /^Roll back/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'The rollback was not started: A sync of payments-api-prod was started 2 s ago',
    );
  });

  it('offers no rollback, and no reason, without the rollback permission; says who started a sync from Backstage', async () => {
    const { asked } = await render(
      <ArgoPulseHistoryCard refreshIntervalMs={0} />,
      { api: history(), denied: ['argo-pulse.application.rollback'] },
    );
    const rows = await screen.findAllByTestId('argo-pulse-deployment');
    await settled(asked, 'argo-pulse.application.rollback');
    expect(screen.queryByText(/Roll back/)).not.toBeInTheDocument();
    expect(
      within(rows[0]).getByText('sync started by alice via Backstage'),
    ).toBeInTheDocument();
    expect(
      within(rows[1]).queryByText(/via Backstage/),
    ).not.toBeInTheDocument();
  });
});
