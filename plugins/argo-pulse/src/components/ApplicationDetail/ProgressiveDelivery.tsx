import { describeRollout } from '@argo-pulse/backstage-plugin-common';
import type {
  ArgoPulseRollout,
  ArgoPulseRolloutAnalysis,
} from '@argo-pulse/backstage-plugin-common';
import type { ReactNode } from 'react';
import { ago } from '../format';
import { resumes, rolloutTone } from '../RolloutSummary';
import { SecondaryText } from '../SecondaryText';
import { StatusText } from '../StatusText';
import type { StatusTone } from '../StatusText';
import { LabelledTable } from './LabelledTable';
import { RolloutSteps } from './RolloutSteps';
import { SectionTitle } from './SectionTitle';

const ANALYSIS: Record<string, StatusTone> = {
  Successful: 'ok',
  Running: 'running',
  Pending: 'pending',
  Inconclusive: 'warning',
  Failed: 'error',
  Error: 'error',
};

function Analysis({ analysis }: { analysis: ArgoPulseRolloutAnalysis }) {
  return (
    <>
      <StatusText tone={ANALYSIS[analysis.status] ?? 'pending'}>
        {analysis.status}
      </StatusText>{' '}
      {analysis.name}
      {analysis.message && <SecondaryText>{analysis.message}</SecondaryText>}
    </>
  );
}

/** Argo Rollouts' reason, when the pause began, and when a timed one ends (a pause until promoted has no end). */
function pauseWords(paused: NonNullable<ArgoPulseRollout['paused']>): string {
  return [
    paused.reason,
    paused.since && `since ${ago(paused.since)}`,
    paused.until && resumes(paused.until),
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * One Rollout as a labelled table. `shownAbove`: messages the row above
 * already shows (the abort message, for those who may read it there too).
 */
function RolloutTable(props: {
  rollout: ArgoPulseRollout;
  shownAbove: string[];
}) {
  const { rollout } = props;
  const summary = describeRollout(rollout);
  const abortMessage = rollout.aborted?.message;
  const rows: Array<[string, ReactNode]> = [
    [
      'Rollout',
      rollout.namespace
        ? `${rollout.name} (namespace ${rollout.namespace})`
        : rollout.name,
    ],
    ['Strategy', rollout.strategy === 'canary' ? 'canary' : 'blue-green'],
    [
      'Phase',
      <>
        <StatusText tone={rolloutTone(rollout)}>{rollout.phase}</StatusText>
        {summary && ` — ${summary}`}
      </>,
    ],
  ];
  if (rollout.paused) rows.push(['Paused', pauseWords(rollout.paused) || '—']);
  if (rollout.aborted)
    rows.push([
      'Aborted',
      <>
        <StatusText tone="error">
          aborted{rollout.aborted.at ? ` ${ago(rollout.aborted.at)}` : ''}
        </StatusText>
        {abortMessage && !props.shownAbove.includes(abortMessage) && (
          <SecondaryText>{abortMessage}</SecondaryText>
        )}
      </>,
    ]);
  if (rollout.analysis)
    rows.push(['Analysis', <Analysis analysis={rollout.analysis} />]);
  if (rollout.steps?.length)
    rows.push([
      'Steps',
      <RolloutSteps
        steps={rollout.steps}
        aria-label={`Steps of ${rollout.name}`}
      />,
    ]);
  return <LabelledTable aria-label={`Rollout ${rollout.name}`} rows={rows} />;
}

/**
 * The application's Argo Rollouts Rollouts: strategy, phase, where each is
 * in its steps, its analysis run and why it was aborted.
 */
export function ProgressiveDelivery(props: {
  rollouts: ArgoPulseRollout[];
  shownAbove?: string[];
}) {
  return (
    <div
      data-testid="argo-pulse-progressive-delivery"
      style={{ display: 'grid', gap: 8, minWidth: 0 }}
    >
      <SectionTitle>Progressive delivery</SectionTitle>
      {props.rollouts.map(rollout => (
        <RolloutTable
          key={`${rollout.namespace}/${rollout.name}`}
          rollout={rollout}
          shownAbove={props.shownAbove ?? []}
        />
      ))}
    </div>
  );
}
