import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { argoPulseApiRef } from '../../api/ArgoPulseApi';
import { fakeApi, insights } from '../../testing/fixtures';
import { ArgoPulseDelivery } from './ArgoPulseDelivery';

async function render(api = fakeApi(), route = '/argo-pulse/delivery') {
  await renderInTestApp(
    <TestApiProvider apis={[[argoPulseApiRef, api]]}>
      <ArgoPulseDelivery refreshIntervalMs={0} />
    </TestApiProvider>,
    {
      routeEntries: [route],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return api;
}

/** The text of each body row of a table. */
const rowsOf = (testId: string) =>
  within(screen.getByTestId(testId))
    .getAllByRole('row')
    .slice(1)
    .map(row => row.textContent);

describe('ArgoPulseDelivery', () => {
  it("reads a team's figures from the URL's filters and shows production, the weeks, the environments and each entity", async () => {
    const api = await render(
      fakeApi(),
      '/argo-pulse/delivery?owner=group:default/team-payments&window=90d',
    );
    expect(await screen.findByText('Production')).toBeInTheDocument();
    expect(api.getInsights).toHaveBeenCalledWith({
      owner: ['group:default/team-payments'],
      window: '90d',
    });
    expect(
      screen.getByText(/2 entities; production is prod; the last 30 days/),
    ).toBeInTheDocument();
    expect(
      screen
        .getAllByTestId('argo-pulse-delivery-figure')
        .map(f => f.textContent?.split(/\d/)[0]),
    ).toEqual([
      'Deployment frequency',
      'Lead time for changes',
      'Change failure rate',
      'Time to restore',
    ]);
    expect(
      screen.getByText('Lead time for changes (median, hours)'),
    ).toBeInTheDocument();
    expect(rowsOf('argo-pulse-delivery-weeks')[3]).toMatch(
      /1 healthy, 2 degraded/,
    );
    expect(rowsOf('argo-pulse-delivery-environments')).toEqual([
      'staging4.7 a week (high)—0 % (elite)—',
      'prod2.8 a week (high)1h 30m (elite)18 % (low)2h (high)',
    ]);
    expect(rowsOf('argo-pulse-delivery-entities')).toEqual([
      'ledger1.0 a month (medium)————1 deployment',
      'payments-api2.8 a week (high)1h 30m (elite)18 % (low)2h (high)20 deployments13 deployments, 2 failed',
    ]);
  });

  it('"Owned by me" and the window go to the URL and to the query', async () => {
    const api = await render();
    await screen.findByText('Production');
    fireEvent.click(screen.getByLabelText('Owned by me'));
    await waitFor(() =>
      expect(api.getInsights).toHaveBeenLastCalledWith({
        owner: ['me'],
        window: '30d',
      }),
    );
  });

  it('sorts the entities by a metric, the worst first, then the other way', async () => {
    await render();
    await screen.findByText('Production');
    fireEvent.click(
      screen.getByRole('button', { name: 'Change failure rate' }),
    );
    const first = () =>
      rowsOf('argo-pulse-delivery-entities').map(r => r?.split('(')[0]);
    expect(first()[0]).toMatch(/payments-api/);
    fireEvent.click(screen.getByRole('button', { name: 'Frequency' }));
    expect(first()[0]).toMatch(/payments-api/);
    fireEvent.click(screen.getByRole('button', { name: 'Frequency' }));
    expect(first()[0]).toMatch(/ledger/);
  });

  it('no entity the user may see: an empty state that says why, no figures', async () => {
    await render(
      fakeApi({
        getInsights: vi.fn(async () =>
          insights({ entityRefs: [], entities: [], environments: [] }),
        ),
      }),
    );
    expect(await screen.findByText('No services')).toBeInTheDocument();
    expect(
      screen.queryByTestId('argo-pulse-delivery-figure'),
    ).not.toBeInTheDocument();
  });

  it('a team that is elite on every key: four elite bands, nothing said about unsettled deployments', async () => {
    const base = insights().production;
    const elite = {
      ...base,
      frequency: { perDay: 3, band: 'elite' as const },
      leadTime: { ...base.leadTime!, band: 'elite' as const },
      changeFailureRate: {
        rate: 0,
        failures: 0,
        settled: 90,
        band: 'elite' as const,
      },
      timeToRestore: { ...base.timeToRestore!, band: 'elite' as const },
      unsettled: 0,
    };
    await render(
      fakeApi({
        getInsights: vi.fn(async () => insights({ production: elite })),
      }),
    );
    const figures = await screen.findAllByTestId('argo-pulse-delivery-figure');
    expect(figures.map(f => within(f).getByText('elite'))).toHaveLength(4);
    expect(screen.queryByText(/not watched settling/)).not.toBeInTheDocument();
  });

  it('what was not watched settling is said beside the figures', async () => {
    await render();
    expect(
      await screen.findByText(/2 of 13 deployments were not watched settling/),
    ).toBeInTheDocument();
  });

  it('a refusal says what the user may not see; another failure shows its error', async () => {
    await render(
      fakeApi({
        getInsights: vi.fn(async () => {
          throw Object.assign(new Error('Forbidden'), { statusCode: 403 });
        }),
      }),
    );
    expect(
      await screen.findByText(/You may not see these delivery figures/),
    ).toBeInTheDocument();
  });

  it('a failure to load shows its error, not a blank page', async () => {
    await render(
      fakeApi({
        getInsights: vi.fn(async () => {
          throw new Error('backend down');
        }),
      }),
    );
    expect(await screen.findAllByText(/backend down/)).not.toHaveLength(0);
  });
});
