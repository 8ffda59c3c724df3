import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { argoPulseApiRef, ArgoPulseApi } from '../../api/ArgoPulseApi';
import { entity, fakeApi, insights } from '../../testing/fixtures';
import { ArgoPulseDeliveryCard } from './ArgoPulseDeliveryCard';

async function render(api: ArgoPulseApi) {
  await renderInTestApp(
    <TestApiProvider apis={[[argoPulseApiRef, api]]}>
      <EntityProvider entity={entity}>
        <ArgoPulseDeliveryCard />
      </EntityProvider>
    </TestApiProvider>,
  );
  return api;
}

describe('ArgoPulseDeliveryCard', () => {
  it("asks for the entity's figures over 30 days and shows the four keys, each with its band and its numbers in words", async () => {
    const api = await render(fakeApi());
    const figures = await screen.findAllByTestId('argo-pulse-delivery-figure');
    expect(api.getEntityInsights).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'payments-api' },
      { window: '30d' },
    );
    expect(figures.map(f => f.textContent)).toEqual([
      'Deployment frequency2.8 a week high12 deployments, 1 failed sync',
      'Lead time for changes1h 30m elitemedian from commit to healthy; p90 72h, over 10',
      'Change failure rate18 % low2 of 11 degraded, failed or rolled back',
      'Time to restore2h highmedian to the next healthy deployment; p90 5h, over 2',
    ]);
    expect(
      screen.getByText(/2 of 13 deployments were not watched settling/),
    ).toBeInTheDocument();
    expect(screen.getByText(/prod, last 30 days/)).toBeInTheDocument();
  });

  it('what is not known is said, not made up; no deployment at all is an empty state', async () => {
    const { leadTime, changeFailureRate, timeToRestore, ...rest } =
      insights().production;
    await render(
      fakeApi({
        getEntityInsights: vi.fn(async () =>
          insights({ production: { ...rest, unsettled: 0 } }),
        ),
      }),
    );
    const figures = await screen.findAllByTestId('argo-pulse-delivery-figure');
    expect(within(figures[1]).getByText('not known')).toBeInTheDocument();
    expect(within(figures[2]).getByText('not known')).toBeInTheDocument();
    expect(within(figures[3]).getByText('none')).toBeInTheDocument();
    expect(screen.queryByText(/not watched settling/)).not.toBeInTheDocument();
  });

  it('no deployment to production in the window: one line that says so', async () => {
    const empty = insights();
    await render(
      fakeApi({
        getEntityInsights: vi.fn(async () => ({
          ...empty,
          production: {
            deployments: 0,
            failedSyncs: 0,
            frequency: { perDay: 0, band: 'low' as const },
            unsettled: 0,
          },
        })),
      }),
    );
    expect(
      await screen.findByText('No deployment to prod in the last 30 days.'),
    ).toBeInTheDocument();
  });

  it('draws the production deployments per week by result, and gives the same weeks as text', async () => {
    await render(fakeApi());
    expect(
      await screen.findByText('Production deployments per week'),
    ).toBeInTheDocument();
    const weeks = within(screen.getByTestId('argo-pulse-delivery-weeks'))
      .getAllByRole('row')
      .slice(1)
      .map(row => row.textContent);
    expect(weeks).toHaveLength(4);
    // The failing last week: 1 healthy and 2 degraded, a 67 % failure rate.
    expect(weeks[3]).toMatch(/1 healthy, 2 degraded.*67 % \(2 of 3\)/);
  });

  it("shows the time from CI's post to deployed where CI posted versions", async () => {
    const production = {
      ...insights().production,
      ciLeadTime: { medianSeconds: 240, p90Seconds: 600, count: 7 },
    };
    await render(
      fakeApi({
        getEntityInsights: vi.fn(async () => insights({ production })),
      }),
    );
    const figures = await screen.findAllByTestId('argo-pulse-delivery-figure');
    expect(figures.map(f => f.textContent)).toContain(
      'From CI to deployed4m median from CI posting the version to its verdict deployed; p90 10m, over 7',
    );
  });
});
