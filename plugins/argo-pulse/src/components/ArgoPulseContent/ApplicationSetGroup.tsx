import type { ArgoPulseApplicationSet } from '@argo-pulse/backstage-plugin-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';
import { useId } from 'react';
import { HealthStatus } from '../ArgoPulseStatus';
import { rollingSyncWords } from '../applicationSets';
import { useMutedTextStyles } from '../mutedText';

const useStyles = makeStyles(theme => ({
  group: { marginBottom: theme.spacing(2) },
  head: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: theme.spacing(1.5),
    rowGap: theme.spacing(0.5),
    padding: theme.spacing(0.5, 0, 1),
  },
  title: {
    fontWeight: theme.typography.fontWeightMedium as number,
    overflowWrap: 'anywhere',
  },
  // The set's applications hang from its header; the rule shows where the group ends.
  members: {
    paddingLeft: theme.spacing(1.5),
    borderLeft: `2px solid ${theme.palette.divider}`,
  },
}));

/**
 * The applications one ApplicationSet generated, under a header with its
 * name, instance, health (Argo CD 3.4+) and, for a rolling sync, the step
 * it is at. Without `set` (the backend could not read it) the header has
 * the name and instance only. `asOf` greys the health of a stale instance.
 */
export function ApplicationSetGroup(props: {
  name: string;
  instance: string;
  set?: ArgoPulseApplicationSet;
  asOf?: string;
  children: ReactNode;
}) {
  const classes = useStyles();
  const muted = useMutedTextStyles();
  const titleId = useId();
  const { set } = props;
  const rolling = set && rollingSyncWords(set);
  return (
    <div
      role="group"
      aria-labelledby={titleId}
      className={classes.group}
      data-testid="argo-pulse-application-set"
    >
      <div className={classes.head}>
        <Typography
          id={titleId}
          variant="subtitle1"
          component="h2"
          className={classes.title}
        >
          ApplicationSet {props.name}
        </Typography>
        <Chip size="small" label={props.instance} />
        {set?.health && (
          <HealthStatus
            status={set.health.status}
            message={set.health.message}
            asOf={props.asOf}
          />
        )}
        {rolling && (
          <Typography variant="body2" className={muted.muted}>
            {rolling}
          </Typography>
        )}
      </div>
      <div className={classes.members}>{props.children}</div>
    </div>
  );
}
