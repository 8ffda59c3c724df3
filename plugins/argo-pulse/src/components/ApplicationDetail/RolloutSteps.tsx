import type { ArgoPulseRolloutStep } from '@argo-pulse/backstage-plugin-common';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import PlayCircleFilledIcon from '@material-ui/icons/PlayCircleFilled';
import RadioButtonUncheckedIcon from '@material-ui/icons/RadioButtonUnchecked';
import { rolloutStepWords } from './rolloutStepWords';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  step: {
    display: 'grid',
    gridTemplateColumns: '1.25em 1.75em minmax(0, 1fr)',
    // A step whose words wrap keeps its icon and number on its first line.
    alignItems: 'start',
    columnGap: theme.spacing(0.5),
  },
  icon: { fontSize: '1.1em', marginTop: '0.15em' },
  done: { color: theme.palette.success.main },
  current: {
    color: theme.palette.primary.main,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  pending: { color: theme.palette.text.secondary },
  number: { color: theme.palette.text.secondary, textAlign: 'right' },
}));

const ICONS: Record<ArgoPulseRolloutStep['state'], typeof CheckCircleIcon> = {
  done: CheckCircleIcon,
  current: PlayCircleFilledIcon,
  pending: RadioButtonUncheckedIcon,
};

/**
 * A canary's steps, one a line, numbered as Argo Rollouts counts them:
 * done ones ticked, the current one marked (and `aria-current`), the rest
 * open circles. Vertical, so eight steps fit a narrow window as well as two.
 */
export function RolloutSteps(props: {
  steps: ArgoPulseRolloutStep[];
  'aria-label': string;
}) {
  const classes = useStyles();
  return (
    <ol className={classes.list} aria-label={props['aria-label']}>
      {props.steps.map((step, i) => {
        const Icon = ICONS[step.state];
        return (
          <Typography
            key={i}
            component="li"
            variant="body2"
            className={classes.step}
            aria-current={step.state === 'current' ? 'step' : undefined}
            data-state={step.state}
          >
            <Icon
              className={`${classes.icon} ${classes[step.state]}`}
              titleAccess={step.state}
            />
            <span className={classes.number}>{i + 1}.</span>
            <span
              className={step.state === 'current' ? classes.current : undefined}
            >
              {rolloutStepWords(step)}
            </span>
          </Typography>
        );
      })}
    </ol>
  );
}
