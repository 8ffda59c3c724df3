import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type { ComponentType, ReactNode } from 'react';

/** The colour of a status icon. `stale` is grey: data an unreachable instance last gave. */
export type StatusTone =
  | 'ok'
  | 'warning'
  | 'error'
  | 'pending'
  | 'running'
  | 'neutral'
  | 'stale';

const ICONS: Record<StatusTone, ComponentType> = {
  ok: StatusOK,
  warning: StatusWarning,
  error: StatusError,
  pending: StatusPending,
  running: StatusRunning,
  neutral: StatusAborted,
  stale: StatusAborted,
};

const useStyles = makeStyles(theme => ({
  status: {
    display: 'inline-flex',
    alignItems: 'baseline',
    fontWeight: theme.typography.fontWeightMedium as number,
  },
}));

/**
 * A status icon and its text. Backstage's status components hide their
 * children from screen readers (`aria-hidden`); here only the icon comes
 * from them, so the words are read.
 */
export function StatusText(props: { tone: StatusTone; children: ReactNode }) {
  const classes = useStyles();
  const Icon = ICONS[props.tone];
  return (
    <Typography component="span" className={classes.status}>
      <Icon />
      <span>{props.children}</span>
    </Typography>
  );
}
