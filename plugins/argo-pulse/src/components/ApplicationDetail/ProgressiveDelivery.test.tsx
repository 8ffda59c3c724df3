import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import {
  application,
  applicationDetail,
  minutesAgo,
  rollout,
} from '../../testing/fixtures';
import { messagesShown } from '../applicationState';
import { ApplicationDetailView } from './ApplicationDetail';

const analysisMessage =
  'Metric "success-rate" assessed Inconclusive due to inconclusive (1) > inconclusiveLimit (0)';
const abortMessage =
  'Metric "success-rate" assessed Failed due to failed (3) > failureLimit (2)';

describe('Progressive delivery in the application detail', () => {
  it("a canary's strategy, phase, pause, analysis with its message, and its steps with the current one marked", async () => {
    await renderInTestApp(
      <ApplicationDetailView
        detail={applicationDetail({
          rollouts: [
            rollout({
              analysis: {
                name: 'payments-api-7f9c-2',
                status: 'Inconclusive',
                message: analysisMessage,
              },
            }),
          ],
        })}
      />,
    );
    expect(screen.getByText('Progressive delivery')).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Rollout payments-api' });
    const value = (label: string) =>
      within(table).getByRole('rowheader', { name: label }).nextSibling;
    expect(value('Rollout')).toHaveTextContent(
      'payments-api (namespace payments)',
    );
    expect(value('Strategy')).toHaveTextContent('canary');
    expect(value('Phase')).toHaveTextContent(
      'Paused — canary 20 % (step 2 of 5), paused',
    );
    expect(value('Paused')).toHaveTextContent(
      'CanaryPauseStep, since 2 minutes ago, resumes in 3 minutes',
    );
    expect(value('Analysis')).toHaveTextContent(
      'Inconclusive payments-api-7f9c-2',
    );
    expect(screen.getByText(analysisMessage)).toBeInTheDocument();

    const steps = within(
      screen.getByRole('list', { name: 'Steps of payments-api' }),
    ).getAllByRole('listitem');
    // Each line as read: the icon's title (its state), the number, the words.
    expect(steps.map(step => step.textContent?.replace(/\s/g, ' '))).toEqual([
      'done1.set weight 20 %',
      'current2.pause 5m',
      'pending3.set weight 50 %',
      'pending4.analysis success-rate',
      'pending5.pause until promoted',
    ]);
    expect(steps[1]).toHaveAttribute('aria-current', 'step');
    expect(
      steps.filter(step => step.hasAttribute('aria-current')),
    ).toHaveLength(1);
  });

  it('an aborted Rollout: when, and the message unless the row above shows it already', async () => {
    const aborted = rollout({
      phase: 'Degraded',
      paused: undefined,
      aborted: { at: minutesAgo(4), message: abortMessage },
    });
    const { unmount } = await renderInTestApp(
      <ApplicationDetailView
        detail={applicationDetail({ rollouts: [aborted] })}
      />,
    );
    expect(
      screen.getByRole('rowheader', { name: 'Aborted' }).nextSibling,
    ).toHaveTextContent(`aborted 4 minutes ago${abortMessage}`);
    unmount();

    await renderInTestApp(
      <ApplicationDetailView
        detail={applicationDetail({ rollouts: [aborted] })}
        shownAbove={messagesShown(application({ rollouts: [aborted] }))}
      />,
    );
    expect(
      screen.getByRole('rowheader', { name: 'Aborted' }).nextSibling,
    ).toHaveTextContent(/^aborted 4 minutes ago$/);
  });

  it('no section for an application without Rollouts', async () => {
    await renderInTestApp(
      <ApplicationDetailView detail={applicationDetail()} />,
    );
    expect(screen.queryByText('Progressive delivery')).not.toBeInTheDocument();
  });
});
