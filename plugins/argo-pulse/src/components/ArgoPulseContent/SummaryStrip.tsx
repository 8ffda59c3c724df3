import type { ArgoPulseApplicationOverview } from '@argo-pulse/backstage-plugin-common';
import Paper from '@material-ui/core/Paper';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';

const useStyles = makeStyles(theme => ({
  strip: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(4),
    padding: theme.spacing(2, 3),
  },
  failing: { color: theme.palette.error.main },
}));

function Figure(props: { value: number; label: string; className?: string }) {
  return (
    <div>
      <Typography variant="h5" component="div" className={props.className}>
        {props.value}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {props.label}
      </Typography>
    </div>
  );
}

/** n applications, n synced, n healthy, n failing: the tab's first line. */
export function SummaryStrip(props: {
  applications: ArgoPulseApplicationOverview[];
  failing: number;
}) {
  const classes = useStyles();
  const { applications } = props;
  return (
    <Paper className={classes.strip} data-testid="argo-pulse-summary">
      <Figure
        value={applications.length}
        label={applications.length === 1 ? 'application' : 'applications'}
      />
      <Figure
        value={applications.filter(a => a.sync.status === 'Synced').length}
        label="synced"
      />
      <Figure
        value={applications.filter(a => a.health.status === 'Healthy').length}
        label="healthy"
      />
      <Figure
        value={props.failing}
        label="failing"
        className={props.failing ? classes.failing : undefined}
      />
    </Paper>
  );
}
