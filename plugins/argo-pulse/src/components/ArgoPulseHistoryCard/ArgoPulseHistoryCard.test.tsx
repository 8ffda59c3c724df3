import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { argoPulseApiRef, ArgoPulseApi } from '../../api/ArgoPulseApi';
import {
  deployment,
  entity,
  expectation,
  fakeApi,
  unannotated,
} from '../../testing/fixtures';
import { ArgoPulseHistoryCard } from './ArgoPulseHistoryCard';

async function render(api: ArgoPulseApi, options: { entity?: Entity } = {}) {
  return renderInTestApp(
    <TestApiProvider apis={[[argoPulseApiRef, api]]}>
      <EntityProvider entity={options.entity ?? entity}>
        <ArgoPulseHistoryCard pageSize={2} refreshIntervalMs={0} />
      </EntityProvider>
    </TestApiProvider>,
  );
}

const SHA = '4f2a9c1e0b7d6a5c3e1f9a8b7c6d5e4f3a2b1c0d';

/** A backend whose history of payments-api is these deployments, all on one page. */
const historyOf = (...items: ReturnType<typeof deployment>[]) =>
  fakeApi({
    getHistory: async () => ({
      entityRef: 'component:default/payments-api',
      items,
      total: items.length,
    }),
  });

describe('ArgoPulseHistoryCard', () => {
  it('shows progress until the backend answers', async () => {
    await render(fakeApi({ getHistory: () => new Promise(() => {}) }));
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows each deployment: when, revision linked to the commit, images, author and message, duration, outcome, CI run', async () => {
    const api = fakeApi({
      getExpectations: vi.fn(async () => ({
        entityRef: 'component:default/payments-api',
        items: [
          expectation({
            state: 'deployed',
            runUrl: 'https://ci.example.com/runs/42',
            deployments: [
              {
                instance: 'prod',
                namespace: 'argocd',
                application: 'payments-api-prod',
                deploymentId: 'c0ffee07',
              },
            ],
          }),
        ],
        total: 1,
      })),
    });
    await render(api);
    expect(
      await screen.findByText('5 minutes ago · took 42s'),
    ).toBeInTheDocument();
    expect(screen.getByText('4f2a9c1').closest('a')).toHaveAttribute(
      'href',
      `https://github.com/acme/deployments/commit/${SHA}`,
    );
    expect(screen.getByText('payments-api:1.8.0')).toBeInTheDocument();
    expect(screen.getByText('Ship 1.8.0')).toBeInTheDocument();
    expect(screen.getByText('Ada <ada@acme.example>')).toBeInTheDocument();
    expect(screen.getByText('Succeeded')).toBeInTheDocument();
    expect(screen.getByText('CI run').closest('a')).toHaveAttribute(
      'href',
      'https://ci.example.com/runs/42',
    );
    expect(api.getExpectations).toHaveBeenCalledWith(expect.anything(), {
      states: ['deployed'],
      limit: 100,
    });
  });

  it('shows an OCI deployment as its artifact: repository, tag and short digest, authors and build time, never a commit link', async () => {
    const digest = `sha256:1a2b3c4d${'e'.repeat(56)}`;
    await render(
      historyOf(
        deployment({
          revisions: [digest],
          sources: [
            {
              repoURL: 'oci://ghcr.io/acme/releases/payments-api',
              path: '.',
              targetRevision: '1.9.0',
            },
          ],
          commits: [],
          oci: [
            {
              sourceIndex: 0,
              digest,
              repoURL: 'oci://ghcr.io/acme/releases/payments-api',
              version: '1.9.0',
              authors: 'Release Bot <ci@acme.example>',
              createdAt: new Date(Date.now() - 20 * 60_000).toISOString(),
              sourceUrl: 'https://github.com/acme/payments-api',
            },
          ],
        }),
      ),
    );
    const row = await screen.findByTestId('argo-pulse-deployment');
    expect(
      within(row).getByTestId('argo-pulse-oci-artifact'),
    ).toHaveTextContent(
      'oci://ghcr.io/acme/releases/payments-api 1.9.0 sha256:1a2b3c4',
    );
    expect(
      within(row).getByText('Release Bot <ci@acme.example>'),
    ).toBeInTheDocument();
    expect(within(row).getByText('built 20 minutes ago')).toBeInTheDocument();
    expect(within(row).queryByRole('link')).toBeNull();
  });

  it('shows the short digest of an OCI deployment whose metadata is not read yet, without its repository for a caller without detail', async () => {
    const digest = `sha256:9f8e7d6c${'0'.repeat(56)}`;
    await render(
      historyOf(
        deployment({
          revisions: [digest],
          sources: [],
          commits: [],
          oci: [{ sourceIndex: 0, digest }],
        }),
      ),
    );
    const artifact = await screen.findByTestId('argo-pulse-oci-artifact');
    expect(artifact).toHaveTextContent(/^sha256:9f8e7d6$/);
  });

  it("links a CI run to its own application's deployment when two applications' deployments share an id", async () => {
    // Two regions synced from one commit in the same second: Argo CD's history ids, times and revisions agree, and so do the ids.
    const eu = deployment({
      application: 'payments-api-prod-eu',
      images: ['ghcr.io/acme/payments-api:1.8.0'],
    });
    const us = deployment({
      application: 'payments-api-prod-us',
      images: ['ghcr.io/acme/payments-api:1.8.1'],
    });
    const api = fakeApi({
      getHistory: async () => ({
        entityRef: 'component:default/payments-api',
        items: [eu, us],
        total: 2,
      }),
      getExpectations: async () => ({
        entityRef: 'component:default/payments-api',
        items: [
          expectation({
            state: 'deployed',
            runUrl: 'https://ci.example.com/runs/us',
            deployments: [
              {
                instance: 'prod',
                namespace: 'argocd',
                application: 'payments-api-prod-us',
                deploymentId: us.id,
              },
            ],
          }),
        ],
        total: 1,
      }),
    });
    await render(api);
    const rows = await screen.findAllByTestId('argo-pulse-deployment');
    expect(rows).toHaveLength(2);
    const [euRow, usRow] = rows;
    expect(within(euRow).getByText('payments-api:1.8.0')).toBeInTheDocument();
    expect(within(euRow).queryByText('CI run')).toBeNull();
    expect(within(usRow).getByText('CI run').closest('a')).toHaveAttribute(
      'href',
      'https://ci.example.com/runs/us',
    );
  });

  it('shows a Helm chart source as the chart and its version, not a commit', async () => {
    await render(
      historyOf(
        deployment({
          revisions: ['2.4.1'],
          sources: [
            {
              repoURL: 'https://charts.acme.example',
              chart: 'payments',
              targetRevision: '2.4.1',
            },
          ],
          commits: [],
          initiatedBy: { username: 'ada' },
        }),
      ),
    );
    expect(await screen.findByText('payments 2.4.1')).toBeInTheDocument();
    expect(screen.getByText('payments 2.4.1').closest('a')).toBeNull();
    expect(screen.getByText('ada')).toBeInTheDocument();
  });

  it("a hydrated application's deployment (source hydrator): the dry commit CI made, linked, and the hydrated commit Argo CD synced as muted detail", async () => {
    const hydrated = 'b7e3d2c1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5';
    await render(historyOf(deployment({ hydratedRevision: hydrated })));
    expect(await screen.findByText('4f2a9c1')).toBeInTheDocument();
    expect(screen.getByText('4f2a9c1').closest('a')).toHaveAttribute(
      'href',
      expect.stringContaining(SHA),
    );
    expect(
      screen.getByTestId('argo-pulse-hydrated-revision'),
    ).toHaveTextContent('hydrated as b7e3d2c');
  });

  it('pages through the history with offsets', async () => {
    const api = fakeApi({
      getHistory: vi.fn(
        async (_ref, page: { limit: number; offset: number }) => ({
          entityRef: 'component:default/payments-api',
          items: [
            deployment({
              id: `d${page.offset}`,
              historyId: 10 - page.offset,
              images: [`ghcr.io/acme/payments-api:page-${page.offset}`],
            }),
          ],
          total: 5,
        }),
      ),
    });
    await render(api);
    expect(await screen.findByText('payments-api:page-0')).toBeInTheDocument();
    expect(screen.getByText('1-2 of 5')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: /next page/i }));
    await waitFor(() =>
      expect(screen.getByText('payments-api:page-2')).toBeInTheDocument(),
    );
    expect(api.getHistory).toHaveBeenLastCalledWith(
      expect.objectContaining({ name: 'payments-api' }),
      { limit: 2, offset: 2 },
    );
  });

  it("a failed operation is a row of its own, red, with Argo CD's message when the backend gives it (detail readers)", async () => {
    await render(
      historyOf(
        deployment({
          id: 'f1',
          historyId: undefined,
          outcome: 'Failed',
          images: [],
          commits: [],
          syncResult: {
            phase: 'Failed',
            message: 'admission webhook denied the request',
          },
        }),
        deployment(),
      ),
    );
    expect(await screen.findByText('Failed')).toBeInTheDocument();
    expect(
      screen.getByText('admission webhook denied the request'),
    ).toBeInTheDocument();
    expect(screen.getByText('Succeeded')).toBeInTheDocument();
    expect(screen.getAllByTestId('argo-pulse-deployment')).toHaveLength(2);
  });

  it('says what happened after each sync, not only that it synced: a degraded rollout is red with why, a rollback is named', async () => {
    await render(
      historyOf(
        deployment({
          id: 'd3',
          result: {
            status: 'degraded',
            reason: 'Pod payments-api-7f9: ImagePullBackOff',
          },
        }),
        deployment({
          id: 'd2',
          rollbackOf: 'd0',
          result: { status: 'healthy', healthyAfterSeconds: 42 },
        }),
        deployment({ id: 'd1', result: { status: 'superseded' } }),
        deployment({ id: 'd0', result: { status: 'unknown' } }),
      ),
    );
    const rows = await screen.findAllByTestId('argo-pulse-deployment');
    expect(
      rows.map(
        row =>
          within(row).getByTestId('argo-pulse-deployment-outcome').textContent,
      ),
    ).toEqual(['Degraded', 'Healthy', 'Superseded', 'Synced']);
    expect(rows[0].className).toMatch(/failed/);
    expect(rows[0]).toHaveTextContent('Pod payments-api-7f9: ImagePullBackOff');
    expect(rows[1].className).not.toMatch(/failed/);
    expect(within(rows[1]).getByText('rollback')).toBeInTheDocument();
    expect(screen.queryByText('Succeeded')).not.toBeInTheDocument();
  });

  it('says where deployments went unseen, below the first one seen after them', async () => {
    await render(
      historyOf(
        deployment({ id: 'd14', historyId: 14 }),
        deployment({ id: 'd5', historyId: 5, missedBefore: 3 }),
      ),
    );
    const rows = await screen.findAllByTestId('argo-pulse-deployment');
    expect(rows[0]).not.toHaveTextContent('not seen');
    expect(rows[1]).toHaveTextContent(
      '… 3 earlier deployments were not seen: more happened between two polls than Argo CD keeps in its history.',
    );
  });

  it('says how fresh it is and re-reads on the refresh button', async () => {
    const api = fakeApi();
    await render(api);
    expect(
      await screen.findByText(/Updated \d+s ago · not re-read on its own/),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(api.getHistory).toHaveBeenCalledTimes(2));
  });

  it('an empty history says so', async () => {
    await render(
      fakeApi({
        getHistory: async () => ({
          entityRef: 'component:default/payments-api',
          items: [],
          total: 0,
        }),
      }),
    );
    expect(await screen.findByText('No deployments yet')).toBeInTheDocument();
  });

  it('the missing-annotation state for an entity without annotations', async () => {
    const api = fakeApi();
    await render(api, { entity: unannotated });
    expect(await screen.findByText(/Missing Annotation/i)).toBeInTheDocument();
    // Named in the text and in the YAML example (which the highlighter may or may not have split yet).
    expect(screen.getAllByText(/argocd\/app-name/).length).toBeGreaterThan(0);
    expect(api.getHistory).not.toHaveBeenCalled();
  });

  it('an error panel when the backend fails', async () => {
    await render(
      fakeApi({
        getHistory: async () => Promise.reject(new Error('backend is down')),
      }),
    );
    expect(
      await screen.findByText('Error: backend is down'),
    ).toBeInTheDocument();
  });
});
