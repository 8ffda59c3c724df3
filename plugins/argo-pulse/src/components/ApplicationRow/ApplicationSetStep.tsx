import { makeStyles } from '@material-ui/core/styles';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { GeneratedBy } from '../applicationSets';
import { stepWords } from '../applicationSets';
import { StatusText } from '../StatusText';
import type { StatusTone } from '../StatusText';

// A progressive sync's statuses; Waiting is not yet its step's turn.
const TONES: Record<string, StatusTone> = {
  Healthy: 'ok',
  Progressing: 'running',
  Pending: 'pending',
  Waiting: 'neutral',
};

const useStyles = makeStyles({
  caption: { display: 'block', overflowWrap: 'anywhere' },
  nowrap: { whiteSpace: 'nowrap' },
});

/**
 * An application's step and status in its ApplicationSet's rolling sync
 * ("step 2 · Waiting"), under the ApplicationSet's header on the tab; the
 * controller's message in a tooltip. Nothing when the set syncs all at once.
 */
export function ApplicationSetStep(props: {
  generated: GeneratedBy;
  asOf?: string;
}) {
  const classes = useStyles();
  const { generated } = props;
  const words = stepWords(generated);
  if (!words) return null;
  const tone = props.asOf
    ? 'stale'
    : TONES[generated.status ?? ''] ?? 'pending';
  const label = (
    <span className={classes.nowrap} data-testid="argo-pulse-application-step">
      <StatusText tone={tone}>{words}</StatusText>
    </span>
  );
  return generated.message ? (
    <Tooltip title={generated.message}>{label}</Tooltip>
  ) : (
    label
  );
}

/**
 * A row's small caption where rows are not grouped (the overview card):
 * "from ApplicationSet inventory, step 1 · Healthy".
 */
export function ApplicationSetCaption(props: { generated: GeneratedBy }) {
  const classes = useStyles();
  const words = stepWords(props.generated);
  return (
    <Typography
      variant="caption"
      color="textSecondary"
      className={classes.caption}
      data-testid="argo-pulse-application-set-caption"
    >
      from ApplicationSet {props.generated.applicationSet}
      {words ? `, ${words}` : ''}
    </Typography>
  );
}
