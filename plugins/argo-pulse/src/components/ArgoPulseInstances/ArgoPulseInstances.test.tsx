import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { argoPulseApiRef } from '../../api/ArgoPulseApi';
import {
  fakeApi,
  instance,
  minutesAgo,
  notAllowed,
} from '../../testing/fixtures';
import { ArgoPulseInstances } from './ArgoPulseInstances';

async function render(api = fakeApi()) {
  await renderInTestApp(
    <TestApiProvider apis={[[argoPulseApiRef, api]]}>
      <ArgoPulseInstances refreshIntervalMs={0} />
    </TestApiProvider>,
  );
  return api;
}

describe('ArgoPulseInstances', () => {
  it('shows every instance, the unreachable first with its short reason; how fresh, how big and how costly each poll is', async () => {
    const api = fakeApi({
      getInstances: vi.fn(async () => ({
        instances: [
          instance({
            instance: 'dev',
            lastSuccessAt: minutesAgo(0),
            applicationCount: 12,
            lastCycleDurationMs: 840,
            lastCycleRequests: 3,
            mode: 'stream',
            warnings: [
              {
                message:
                  'The event stream went silent (no event or keepalive for 30 s) and was opened again',
                at: minutesAgo(10.5),
              },
            ],
          }),
          instance({
            instance: 'prod',
            lastSuccessAt: minutesAgo(12.5),
            stale: true,
            applicationCount: 340,
            lastCycleDurationMs: 10_000,
            lastCycleRequests: 1,
            error: {
              category: 'cannot-connect',
              message: 'cannot connect (ECONNREFUSED)',
              at: minutesAgo(1.5),
            },
          }),
          instance({
            instance: 'staging',
            lastSuccessAt: undefined,
            applicationCount: 0,
          }),
        ],
      })),
    });
    await render(api);
    expect(
      await screen.findByTestId('argo-pulse-instances-summary'),
    ).toHaveTextContent('3 instances, 1 unreachable');
    const cards = screen.getAllByTestId('argo-pulse-instance');
    expect(
      cards.map(card => within(card).getByRole('heading').textContent),
    ).toEqual(['prod', 'staging', 'dev']);
    expect(cards[0]).toHaveTextContent('unreachable');
    expect(cards[0]).toHaveTextContent('Last refresh12 minutes ago');
    expect(cards[0]).toHaveTextContent(
      'Last errorcannot connect (ECONNREFUSED) (cannot-connect), 1 minute ago',
    );
    expect(cards[0]).toHaveTextContent('Applications340');
    expect(cards[0]).toHaveTextContent('Last cycle10s');
    expect(cards[0]).toHaveTextContent('Requests per cycle1');
    expect(cards[1]).toHaveTextContent('not polled yet');
    expect(cards[1]).toHaveTextContent('Last refreshnever');
    expect(cards[2]).toHaveTextContent('reachable');
    expect(cards[2]).toHaveTextContent('Last cycle840 ms');
    expect(cards[2]).toHaveTextContent(
      'Modestream (watch, with polls to catch up)',
    );
    expect(cards[2]).not.toHaveTextContent('Last error');
    expect(cards[2]).toHaveTextContent(
      'WarningThe event stream went silent (no event or keepalive for 30 s) and was opened again, 10 minutes ago',
    );
    expect(cards[0]).not.toHaveTextContent('Warning');
  });

  it('says all are reachable when they are', async () => {
    await render();
    expect(
      await screen.findByTestId('argo-pulse-instances-summary'),
    ).toHaveTextContent('1 instance, all reachable');
  });

  it('without argo-pulse.instance.read (the backend answers 403), says what is needed', async () => {
    await render(
      fakeApi({
        getInstances: vi.fn(() => notAllowed('argo-pulse.instance.read')),
      }),
    );
    expect(
      await screen.findByText(/You may not see the Argo CD instances/),
    ).toBeInTheDocument();
    expect(screen.getByText('argo-pulse.instance.read')).toBeInTheDocument();
  });

  it('an error panel when the backend fails otherwise', async () => {
    await render(
      fakeApi({
        getInstances: vi.fn(async () =>
          Promise.reject(new Error('connection reset')),
        ),
      }),
    );
    expect(
      (await screen.findAllByText(/connection reset/)).length,
    ).toBeGreaterThan(0);
  });
});
