import { describeRollout } from '@argo-pulse/backstage-plugin-common';
import type { ArgoPulseRollout } from '@argo-pulse/backstage-plugin-common';
import { makeStyles } from '@material-ui/core/styles';
import Tooltip from '@material-ui/core/Tooltip';
import type { DateTime } from 'luxon';
import { SecondaryText } from '../SecondaryText';
import { StatusText } from '../StatusText';
import { exactTime } from '../format';
import { RolloutImages } from './RolloutImages';
import { resumes, rolloutTone } from './rolloutState';

const useStyles = makeStyles(theme => ({
  inline: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    columnGap: theme.spacing(1),
  },
  muted: { color: theme.palette.text.secondary },
  // The theme's error.main is under 4.5:1 on a light card; the dark shade reads there.
  aborted: {
    color:
      theme.palette.type === 'light'
        ? theme.palette.error.dark
        : theme.palette.error.light,
  },
  wrap: { overflowWrap: 'anywhere' },
}));

/**
 * A Rollout under way, in an application's row: its state in a few words
 * (red when aborted), when a timed pause ends, which images it moves from
 * and to, and Argo Rollouts' abort message when the caller may read it.
 * `named` puts the Rollout's name first, for an application with several.
 * `asOf` greys it when the instance stopped answering.
 */
export function RolloutSummary(props: {
  rollout: ArgoPulseRollout;
  now: DateTime;
  named?: boolean;
  asOf?: string;
}) {
  const { rollout, now } = props;
  const classes = useStyles();
  const words = describeRollout(rollout);
  const until = rollout.paused?.until;
  const tone = props.asOf ? 'stale' : rolloutTone(rollout);
  const aborted = Boolean(rollout.aborted) && !props.asOf;
  return (
    <div
      data-testid="argo-pulse-rollout"
      data-tone={tone}
      className={classes.wrap}
    >
      <span className={classes.inline}>
        <StatusText tone={tone}>
          <span className={aborted ? classes.aborted : undefined}>
            {props.named ? `${rollout.name}: ` : ''}
            {words}
          </span>
        </StatusText>
        {until && (
          <Tooltip title={exactTime(until)}>
            <span className={classes.muted}>{resumes(until, now)}</span>
          </Tooltip>
        )}
      </span>
      <RolloutImages rollout={rollout} />
      {rollout.aborted?.message && (
        <SecondaryText>{rollout.aborted.message}</SecondaryText>
      )}
    </div>
  );
}
