import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { ArgoPulseRollout } from '@argo-pulse/backstage-plugin-common';
import { screen } from '@testing-library/react';
import { argoPulseApiRef } from '../../api/ArgoPulseApi';
import type { ArgoPulseApi } from '../../api/ArgoPulseApi';
import {
  application,
  completeRollout,
  entity,
  expectation,
  fakeApi,
  minutesAgo,
  overview,
  rollout,
  withApplications,
} from '../../testing/fixtures';
import { ArgoPulseOverviewCard } from '../ArgoPulseOverviewCard';

/** The overview card with one application that manages these Rollouts. */
async function renderCard(...rollouts: ArgoPulseRollout[]) {
  await renderCardOf(withApplications(application({ rollouts })));
}

async function renderCardOf(api: ArgoPulseApi) {
  await renderInTestApp(
    <TestApiProvider apis={[[argoPulseApiRef, api]]}>
      <EntityProvider entity={entity}>
        <ArgoPulseOverviewCard refreshIntervalMs={0} />
      </EntityProvider>
    </TestApiProvider>,
  );
  await screen.findByTestId('argo-pulse-application');
}

const abortMessage =
  'Metric "success-rate" assessed Failed due to failed (3) > failureLimit (2)';

function aborted(message?: string): ArgoPulseRollout {
  return rollout({
    phase: 'Degraded',
    canaryWeight: 0,
    paused: undefined,
    aborted: { at: minutesAgo(1), message },
  });
}

describe('a Rollout on the card', () => {
  it('a paused canary: its weight, step and pause, when it resumes, and stable → canary images', async () => {
    await renderCard(rollout());
    const line = screen.getByTestId('argo-pulse-rollout');
    expect(screen.getByText('Rollout')).toBeInTheDocument();
    expect(line).toHaveTextContent('canary 20 % (step 2 of 5), paused');
    expect(line).toHaveTextContent('resumes in 3 minutes');
    expect(line).toHaveAttribute('data-tone', 'pending');
    expect(screen.getByTestId('argo-pulse-rollout-images')).toHaveTextContent(
      'stable payments-api:1.8.0 → canary payments-api:1.9.0',
    );
  });

  it("an aborted canary: red, with Argo Rollouts' message for those who may read it", async () => {
    await renderCard(aborted(abortMessage));
    const line = screen.getByTestId('argo-pulse-rollout');
    expect(line).toHaveTextContent(/^canary aborted/);
    expect(line).toHaveAttribute('data-tone', 'error');
    expect(screen.getByText(abortMessage)).toBeInTheDocument();
    expect(line).not.toHaveTextContent('resumes');
  });

  it('an aborted canary without its message (the backend strips it for callers without detail): only "canary aborted"', async () => {
    await renderCard(aborted());
    const line = screen.getByTestId('argo-pulse-rollout');
    expect(line).toHaveTextContent(
      'canary abortedstable payments-api:1.8.0 → canary payments-api:1.9.0',
    );
    expect(screen.queryByText(/success-rate/)).not.toBeInTheDocument();
  });

  it("Argo Rollouts' message once: the failed expectation that quotes it says only why it failed", async () => {
    await renderCardOf(
      fakeApi({
        getApplications: async () =>
          overview({
            applications: [
              application({
                health: { status: 'Degraded' },
                rollouts: [aborted(abortMessage)],
              }),
            ],
          }),
        getExpectations: async () => ({
          entityRef: 'component:default/payments-api',
          items: [
            expectation({
              state: 'failed',
              reason: 'rollout-aborted',
              message: `prod/payments-api-prod: Rollout payments-api aborted the update to payments-api:1.9.0: ${abortMessage}`,
              resolvedAt: minutesAgo(1),
            }),
          ],
          total: 1,
        }),
      }),
    );
    expect(screen.getByTestId('argo-pulse-verdict')).toHaveTextContent(
      /^payments-api:1.9.0: failed, the rollout was aborted$/,
    );
    expect(screen.getAllByText(abortMessage, { exact: false })).toHaveLength(1);
  });

  it('a blue-green preview awaiting promotion: active / preview images, no resume time', async () => {
    await renderCard(
      rollout({
        strategy: 'blueGreen',
        step: undefined,
        canaryWeight: undefined,
        steps: undefined,
        paused: { kind: 'awaiting-promotion', since: minutesAgo(10) },
      }),
    );
    const line = screen.getByTestId('argo-pulse-rollout');
    expect(line).toHaveTextContent(
      'blue-green: preview awaiting promotionactive payments-api:1.8.0 / preview payments-api:1.9.0',
    );
  });

  it('a complete Rollout adds nothing to the row', async () => {
    await renderCard(completeRollout());
    expect(screen.queryByTestId('argo-pulse-rollout')).not.toBeInTheDocument();
    expect(screen.queryByText('Rollout')).not.toBeInTheDocument();
  });

  it('of several Rollouts, each one under way is named, and only the images that change are shown', async () => {
    await renderCard(
      completeRollout({ name: 'payments-worker' }),
      rollout({
        stableImages: [
          'ghcr.io/acme/payments-api:1.8.0',
          'ghcr.io/acme/envoy:1.30',
        ],
        updateImages: [
          'ghcr.io/acme/payments-api:1.9.0',
          'ghcr.io/acme/envoy:1.30',
        ],
      }),
    );
    const lines = screen.getAllByTestId('argo-pulse-rollout');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toHaveTextContent(
      /^payments-api: canary 20 % \(step 2 of 5\), paused/,
    );
    expect(screen.getByTestId('argo-pulse-rollout-images')).toHaveTextContent(
      /^stable payments-api:1.8.0 → canary payments-api:1.9.0$/,
    );
  });
});
