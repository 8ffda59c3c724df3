import type {
  ArgoPulseDeliveryFigures,
  ArgoPulseDoraBand,
} from '@argo-pulse/backstage-plugin-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { duration, rate } from '../format';

const useStyles = makeStyles(theme => ({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(11em, 1fr))',
    gap: theme.spacing(2),
    padding: theme.spacing(2),
  },
  figure: { minWidth: 0 },
  value: { overflowWrap: 'anywhere' },
  // The band's colour on the chip's border; its word stays in the text colour, legible on any theme.
  elite: { borderColor: theme.palette.success.main, borderWidth: 2 },
  high: { borderColor: theme.palette.info.main, borderWidth: 2 },
  medium: { borderColor: theme.palette.warning.main, borderWidth: 2 },
  low: { borderColor: theme.palette.error.main, borderWidth: 2 },
}));

function Band(props: { band: ArgoPulseDoraBand }) {
  const classes = useStyles();
  return (
    // A span: it sits in the figure's paragraph.
    <Chip
      component="span"
      size="small"
      variant="outlined"
      label={props.band}
      className={classes[props.band]}
    />
  );
}

function Figure(props: {
  name: string;
  value: string;
  band?: ArgoPulseDoraBand;
  detail: string;
}) {
  const classes = useStyles();
  return (
    <div className={classes.figure} data-testid="argo-pulse-delivery-figure">
      <Typography variant="body2" color="textSecondary">
        {props.name}
      </Typography>
      <Typography variant="h6" component="p" className={classes.value}>
        {props.value} {props.band && <Band band={props.band} />}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {props.detail}
      </Typography>
    </div>
  );
}

/** "1 deployment", "12 deployments". */
const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/**
 * DORA's four keys as figures with their band, each also in words (the
 * numbers, the samples they stand on); what was not watched settling is said.
 */
export function DeliveryFigures(props: { figures: ArgoPulseDeliveryFigures }) {
  const classes = useStyles();
  const f = props.figures;
  const total = f.deployments + f.failedSyncs;
  return (
    <div className={classes.grid} data-testid="argo-pulse-delivery">
      <Figure
        name="Deployment frequency"
        value={rate(f.frequency.perDay)}
        band={f.frequency.band}
        detail={`${count(f.deployments, 'deployment')}, ${count(
          f.failedSyncs,
          'failed sync',
        )}`}
      />
      <Figure
        name="Lead time for changes"
        value={f.leadTime ? duration(f.leadTime.medianSeconds) : 'not known'}
        band={f.leadTime?.band}
        detail={
          f.leadTime
            ? `median from commit to healthy; p90 ${duration(
                f.leadTime.p90Seconds,
              )}, over ${f.leadTime.count}`
            : 'no healthy deployment with a known commit date'
        }
      />
      {f.ciLeadTime && (
        <Figure
          name="From CI to deployed"
          value={duration(f.ciLeadTime.medianSeconds)}
          detail={`median from CI posting the version to its verdict deployed; p90 ${duration(
            f.ciLeadTime.p90Seconds,
          )}, over ${f.ciLeadTime.count}`}
        />
      )}
      <Figure
        name="Change failure rate"
        value={
          f.changeFailureRate
            ? `${Math.round(f.changeFailureRate.rate * 100)} %`
            : 'not known'
        }
        band={f.changeFailureRate?.band}
        detail={
          f.changeFailureRate
            ? `${f.changeFailureRate.failures} of ${f.changeFailureRate.settled} degraded, failed or rolled back`
            : 'no deployment settled'
        }
      />
      <Figure
        name="Time to restore"
        value={
          f.timeToRestore ? duration(f.timeToRestore.medianSeconds) : 'none'
        }
        band={f.timeToRestore?.band}
        detail={
          f.timeToRestore
            ? `median to the next healthy deployment; p90 ${duration(
                f.timeToRestore.p90Seconds,
              )}, over ${f.timeToRestore.count}`
            : 'nothing failed and recovered'
        }
      />
      {f.unsettled > 0 && (
        <Typography
          variant="body2"
          color="textSecondary"
          style={{ gridColumn: '1 / -1' }}
        >
          {f.unsettled} of {total} deployments were not watched settling (older
          than the plugin, or between two polls): they are not counted as
          failures or successes.
        </Typography>
      )}
    </div>
  );
}
