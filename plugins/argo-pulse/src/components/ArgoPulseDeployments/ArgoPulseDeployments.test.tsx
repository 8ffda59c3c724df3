import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { argoPulseApiRef } from '../../api/ArgoPulseApi';
import { deployment, fakeApi } from '../../testing/fixtures';
import { ArgoPulseDeployments } from './ArgoPulseDeployments';

async function render(api = fakeApi(), route = '/argo-pulse/deployments') {
  await renderInTestApp(
    <TestApiProvider apis={[[argoPulseApiRef, api]]}>
      <ArgoPulseDeployments refreshIntervalMs={0} pageSize={2} />
    </TestApiProvider>,
    { routeEntries: [route], mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return api;
}

describe('ArgoPulseDeployments', () => {
  it('lists each deployment under its entity, linked', async () => {
    await render(
      fakeApi({
        getDeployments: vi.fn(async () => ({
          items: [
            { ...deployment({ id: 'a', application: 'checkout-web-prod' }), entityRef: 'component:default/checkout-web' },
            { ...deployment({ id: 'b', outcome: 'Failed', historyId: undefined }), entityRef: 'component:default/payments-api' },
          ],
          nextOffset: 2,
        })),
      }),
    );
    const list = await screen.findByTestId('argo-pulse-portal-deployments');
    expect(within(list).getByText('checkout-web').closest('a')).toHaveAttribute('href', '/catalog/default/component/checkout-web');
    expect(within(list).getByText('Failed')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Older' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Newer' })).toBeDisabled();
  });

  it('reads its filters from the URL and asks the backend for them', async () => {
    const api = await render(fakeApi(), '/argo-pulse/deployments?mine=true&outcome=failed&kind=component&page=1');
    await waitFor(() => expect(api.getDeployments).toHaveBeenCalled());
    expect(api.getDeployments).toHaveBeenLastCalledWith({ owner: ['me'], kind: ['component'], outcome: ['failed'], limit: 2, offset: 2 });
    expect(await screen.findByRole('checkbox', { name: 'Owned by me' })).toBeChecked();
  });

  it('a changed filter asks again from the first page', async () => {
    const api = await render(fakeApi(), '/argo-pulse/deployments?page=3');
    await waitFor(() => expect(api.getDeployments).toHaveBeenLastCalledWith({ limit: 2, offset: 6 }));
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Owned by me' }));
    await waitFor(() => expect(api.getDeployments).toHaveBeenLastCalledWith({ owner: ['me'], limit: 2, offset: 0 }));
    const instance = screen.getByRole('textbox', { name: 'Instance' });
    fireEvent.change(instance, { target: { value: 'prod, staging' } });
    fireEvent.keyDown(instance, { key: 'Enter' });
    await waitFor(() => expect(api.getDeployments).toHaveBeenLastCalledWith({ owner: ['me'], instance: ['prod', 'staging'], limit: 2, offset: 0 }));
  });

  it('says when nothing matches', async () => {
    await render(fakeApi({ getDeployments: vi.fn(async () => ({ items: [] })) }));
    expect(await screen.findByText('No deployments')).toBeInTheDocument();
  });
});
