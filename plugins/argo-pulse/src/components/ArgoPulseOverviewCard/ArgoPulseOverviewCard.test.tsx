import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { act, screen, waitFor } from '@testing-library/react';
import { signalApiRef, SignalApi } from '@backstage/plugin-signals-react';
import { entitySignalKey } from '@argo-pulse/backstage-plugin-common';
import { argoPulseApiRef, ArgoPulseApi } from '../../api/ArgoPulseApi';
import {
  application,
  applicationSet,
  entity,
  expectation,
  fakeApi,
  generatedApplication,
  withApplications,
  minutesAgo,
  overview,
  stalledProd,
  unannotated,
} from '../../testing/fixtures';
import { ArgoPulseOverviewCard } from './ArgoPulseOverviewCard';
import { LIVE_REREAD_MS } from '../../hooks/useLiveEntityData';
import { fakeSignals } from '../../testing/__testUtils__/fakeSignals';

async function render(
  api: ArgoPulseApi,
  options: {
    entity?: Entity;
    refreshIntervalMs?: number;
    signals?: SignalApi;
  } = {},
) {
  const apis: Array<
    readonly [typeof argoPulseApiRef | typeof signalApiRef, unknown]
  > = [[argoPulseApiRef, api]];
  if (options.signals) apis.push([signalApiRef, options.signals]);
  return renderInTestApp(
    <TestApiProvider apis={apis as never}>
      <EntityProvider entity={options.entity ?? entity}>
        <ArgoPulseOverviewCard
          refreshIntervalMs={options.refreshIntervalMs ?? 0}
        />
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

  it('shows an error panel when the backend fails (a refusal is a state of its own: notAllowed.test.tsx)', async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'Error', message: 'the database is unreachable' },
      }),
      {
        status: 500,
        statusText: 'Internal Server Error',
        headers: { 'Content-Type': 'application/json' },
      },
    );
    const error = await ResponseError.fromResponse(response);
    await render(
      fakeApi({ getApplications: async () => Promise.reject(error) }),
    );
    // The panel may show the response body in its details too.
    expect(
      (await screen.findAllByText(/the database is unreachable/)).length,
    ).toBeGreaterThan(0);
  });

  it('shows the missing-annotation state, and asks the backend nothing, for an entity without annotations', async () => {
    const api = fakeApi();
    await render(api, { entity: unannotated });
    expect(await screen.findByText(/Missing Annotation/i)).toBeInTheDocument();
    // Named in the text and in the YAML example (which the highlighter may or may not have split yet).
    expect(screen.getAllByText(/argocd\/app-name/).length).toBeGreaterThan(0);
    expect(api.getApplications).not.toHaveBeenCalled();
  });

  it('shows an empty state with the configuration problem', async () => {
    await render(
      fakeApi({
        getApplications: async () =>
          overview({
            applications: [],
            problem: 'argocd/instance-name names "qa", which is not configured',
          }),
      }),
    );
    expect(
      await screen.findByText('No Argo CD applications'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/names "qa", which is not configured/),
    ).toBeInTheDocument();
  });

  it('shows each application: link to Argo CD, environment, sync with revision, health, short image tag, when and by whom it was deployed', async () => {
    await render(
      withApplications(
        application({ lastDeployedBy: { username: 'ada' } }),
        application({
          instance: 'staging',
          name: 'payments-api-staging',
          health: {
            status: 'Degraded',
            message: 'Back-off pulling image',
          },
        }),
      ),
    );
    const link = (await screen.findByText('payments-api-prod')).closest('a');
    expect(link).toHaveAttribute(
      'href',
      'https://argocd.example.com/applications/argocd/payments-api-prod',
    );
    expect(screen.getByText('staging')).toBeInTheDocument();
    expect(screen.getAllByText('Synced')).toHaveLength(2);
    expect(screen.getAllByText('4f2a9c1')).toHaveLength(2);
    expect(screen.getByText('Degraded')).toBeInTheDocument();
    expect(screen.getAllByText('payments-api:1.8.0')).toHaveLength(2);
    expect(
      screen.getAllByTestId('argo-pulse-application')[0],
    ).toHaveTextContent(/deployed [45] minutes ago by ada/);
    // Rows stay in the order the backend gives (environment order).
    const rows = screen.getAllByTestId('argo-pulse-application');
    expect(rows[0]).toHaveTextContent(/^payments-api-prod/);
    expect(rows[1]).toHaveTextContent(/^payments-api-staging/);
  });

  it("a hydrated application shows the commit CI made (the dry one), not Argo CD's hydrated commit", async () => {
    await render(
      withApplications(
        application({
          sync: {
            status: 'Synced',
            revisions: ['9e9e9e9e9e9e9e9e9e9e9e9e9e9e9e9e9e9e9e9e'],
            dryRevision: 'd0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0',
          },
        }),
      ),
    );
    expect(await screen.findByText('d0d0d0d')).toBeInTheDocument();
    expect(screen.queryByText('9e9e9e9')).not.toBeInTheDocument();
  });

  it("a failed last sync is red on the card without any expectation, with Argo CD's message when the backend gives it", async () => {
    await render(
      withApplications(
        application({
          sync: { status: 'OutOfSync', revisions: ['abc1234'] },
          operation: {
            phase: 'Failed',
            message: 'admission webhook denied the request',
            finishedAt: minutesAgo(2),
          },
        }),
      ),
    );
    expect(await screen.findByText('Failed')).toBeInTheDocument();
    expect(screen.getByText('Last sync')).toBeInTheDocument();
    expect(
      screen.getByText('admission webhook denied the request'),
    ).toBeInTheDocument();
  });

  it('says why an application is Degraded: the resource and its message (detail readers)', async () => {
    await render(
      withApplications(
        application({
          health: { status: 'Degraded' },
          unhealthyResource: {
            kind: 'Pod',
            name: 'payments-api-7d9-x2',
            status: 'Degraded',
            reason: 'ImagePullBackOff',
            message: 'Back-off pulling image "ghcr.io/acme/payments-api:2.0.0"',
          },
        }),
      ),
    );
    expect(
      await screen.findByText(
        'Pod payments-api-7d9-x2: ImagePullBackOff — Back-off pulling image "ghcr.io/acme/payments-api:2.0.0"',
      ),
    ).toBeInTheDocument();
  });

  it('captions an application an ApplicationSet generated with the set, its step and status; others get no caption and stay where they were', async () => {
    await render(
      fakeApi({
        getApplications: async () =>
          overview({
            applications: [
              generatedApplication('inventory-us'),
              application(),
              generatedApplication('inventory-eu'),
              generatedApplication('inventory-ap', {
                applicationSet: 'inventory-asia',
              }),
            ],
            applicationSets: [applicationSet()],
          }),
      }),
    );
    const rows = await screen.findAllByTestId('argo-pulse-application');
    const caption = (row: HTMLElement) =>
      row.querySelector('[data-testid="argo-pulse-application-set-caption"]')
        ?.textContent;
    expect(rows.map(caption)).toEqual([
      'from ApplicationSet inventory, step 1 · Progressing',
      undefined,
      'from ApplicationSet inventory, step 2 · Waiting',
      // No ApplicationSet from the backend: its name, no step.
      'from ApplicationSet inventory-asia',
    ]);
    // A caption, not a regrouping.
    expect(
      screen.queryByTestId('argo-pulse-application-set'),
    ).not.toBeInTheDocument();
  });

  it('marks the rows of an instance that stopped answering: "as of" when it last answered, no green status', async () => {
    await render(stalledProd('cannot-connect', 'cannot connect'));
    const row = await screen.findByTestId('argo-pulse-application');
    expect(row).toHaveTextContent(/as of 1[12] minutes ago/);
  });

  it.each([
    [
      'pending, with how long it has waited',
      expectation({ state: 'pending', createdAt: minutesAgo(3) }),
      /payments-api:1.9.0: pending for 3m/,
      [],
    ],
    [
      'pending, with what it waits for in words',
      expectation({
        state: 'pending',
        waitingFor: ['prod/payments-api-prod: sync status is OutOfSync'],
      }),
      /payments-api:1.9.0: pending for/,
      ['waiting for: prod/payments-api-prod: sync status is OutOfSync'],
    ],
    [
      'live: deployed, Synced and Healthy now, with how long it took',
      expectation({
        state: 'deployed',
        images: ['ghcr.io/acme/payments-api:1.8.0'],
        durationSeconds: 80,
        resolvedAt: minutesAgo(1),
      }),
      /payments-api:1.8.0: live, deployed 1m 20s after the post/,
      [],
    ],
    [
      'deployed, since replaced by what runs now',
      expectation({
        state: 'deployed',
        images: ['ghcr.io/acme/payments-api:2.0.1'],
        durationSeconds: 80,
        resolvedAt: minutesAgo(10),
      }),
      /payments-api:2.0.1: deployed, since replaced/,
      [/now runs payments-api:1.8.0, deployed [45] minutes ago by ada/],
    ],
    [
      'failed, with the reason',
      expectation({
        state: 'failed',
        reason: 'sync-failed',
        message: 'prod/payments-api-prod: sync failed: hook failed',
      }),
      /payments-api:1.9.0: failed, the sync failed/,
      ['prod/payments-api-prod: sync failed: hook failed'],
    ],
  ])(
    'shows the latest expected version as true now: %s',
    async (_what, latest, text, details: Array<string | RegExp>) => {
      await render(
        fakeApi({
          getApplications: async () =>
            overview({
              applications: [
                application({ lastDeployedBy: { username: 'ada' } }),
              ],
            }),
          getExpectations: async () => ({
            entityRef: 'component:default/payments-api',
            items: [latest],
            total: 1,
          }),
        }),
      );
      expect(await screen.findByText(text)).toBeInTheDocument();
      for (const detail of details)
        expect(screen.getByTestId('argo-pulse-application')).toHaveTextContent(
          detail,
        );
    },
  );

  it('warns about a failing or stale instance with when it last updated, and still shows what is known', async () => {
    await render(stalledProd('timed-out', 'timed out after 10 s'));
    expect(
      await screen.findByText(
        /Argo CD instance "prod": last updated 12 minutes ago/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/timed out after 10 s/)).toBeInTheDocument();
    expect(screen.getByText('payments-api-prod').closest('a')).toHaveAttribute(
      'href',
      expect.stringContaining('payments-api-prod'),
    );
  });

  it('refreshes on its own: a pending expectation turns to deployed without a reload', async () => {
    let state: 'pending' | 'deployed' = 'pending';
    const api = fakeApi({
      getExpectations: async () => ({
        entityRef: 'component:default/payments-api',
        items: [
          expectation({
            state,
            images: ['ghcr.io/acme/payments-api:1.8.0'],
            durationSeconds: 95,
          }),
        ],
        total: 1,
      }),
    });
    await render(api, { refreshIntervalMs: 30 });
    expect(await screen.findByText(/pending for/)).toBeInTheDocument();
    state = 'deployed';
    await waitFor(() =>
      expect(
        screen.getByText(/deployed 1m 35s after the post/),
      ).toBeInTheDocument(),
    );
    expect(screen.getByText(/re-read every 0s/)).toBeInTheDocument();
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
    expect(
      await screen.findByText(/Could not refresh: showing the last data read/),
    ).toBeInTheDocument();
    expect(screen.getByText('payments-api-prod')).toBeInTheDocument();
    expect(screen.queryByTestId('progress')).not.toBeInTheDocument();
    fail = false;
    await waitFor(() =>
      expect(
        screen.queryByText(/Could not refresh: showing the last data read/),
      ).not.toBeInTheDocument(),
    );
  });

  describe('with Backstage signals in the app', () => {
    it('re-reads when a signal names its entity, not for others, and otherwise only every few minutes', async () => {
      vi.useFakeTimers({ shouldAdvanceTime: true });
      const signals = fakeSignals();
      const api = fakeApi();
      await render(api, { signals: signals.api, refreshIntervalMs: 30 });
      expect(await screen.findByText(/· live/)).toBeInTheDocument();
      await act(async () => {
        vi.advanceTimersByTime(100); // three polling intervals: none is used
      });
      expect(api.getApplications).toHaveBeenCalledTimes(1);

      await signals.send({
        entities: [entitySignalKey('component:default/checkout-web')],
      });
      expect(api.getApplications).toHaveBeenCalledTimes(1);

      await signals.send({
        entities: [entitySignalKey('Component:default/Payments-API')],
      });
      await waitFor(() => expect(api.getApplications).toHaveBeenCalledTimes(2));
      // The backend signals a reader for a while after each read: a live page re-reads within it.
      await act(async () => {
        vi.advanceTimersByTime(LIVE_REREAD_MS);
      });
      await waitFor(() => expect(api.getApplications).toHaveBeenCalledTimes(3));
      vi.useRealTimers();
    });
  });
});
