import type { ArgoPulseInstanceStatus } from '@argo-pulse/backstage-plugin-common';
import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import Paper from '@material-ui/core/Paper';
import { makeStyles } from '@material-ui/core/styles';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { DateTime } from 'luxon';
import type { ReactNode } from 'react';
import { ago, duration, exactTime } from '../format';
import { instanceState, InstanceState } from './instanceState';

const useStyles = makeStyles(theme => ({
  card: {
    padding: theme.spacing(2),
    height: '100%',
    boxSizing: 'border-box',
    minWidth: 0,
  },
  unreachable: { borderLeft: `4px solid ${theme.palette.error.main}` },
  heading: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    justifyContent: 'space-between',
    columnGap: theme.spacing(2),
    marginBottom: theme.spacing(1),
  },
  name: { overflowWrap: 'anywhere' },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: 0,
  },
  term: { color: theme.palette.text.secondary },
  value: { margin: 0, overflowWrap: 'anywhere' },
}));

const STATUS_ICON: Record<
  InstanceState,
  (props: { children: ReactNode }) => JSX.Element
> = {
  reachable: StatusOK,
  unreachable: StatusError,
  stale: StatusWarning,
  'not polled yet': StatusPending,
};

/** A time as "5 minutes ago", the exact time in a tooltip. */
function When(props: { iso?: string; now: DateTime }) {
  if (!props.iso) return <>never</>;
  return (
    <Tooltip title={exactTime(props.iso)}>
      <span>{ago(props.iso, props.now)}</span>
    </Tooltip>
  );
}

/** A poll's duration: milliseconds under a second (most polls), else "1m 20s". */
function cycleDuration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : duration(ms / 1000);
}

/** One configured Argo CD instance: whether it answers, how fresh its data is, and what a poll costs. */
export function InstanceCard(props: {
  instance: ArgoPulseInstanceStatus;
  now: DateTime;
}) {
  const { instance: i, now } = props;
  const classes = useStyles();
  const state = instanceState(i);
  const Status = STATUS_ICON[state];
  const facts: Array<[string, ReactNode]> = [
    ['Last refresh', <When iso={i.lastSuccessAt} now={now} />],
    ...(i.error
      ? ([
          [
            'Last error',
            `${i.error.message} (${i.error.category}), ${ago(i.error.at, now)}`,
          ],
        ] as Array<[string, ReactNode]>)
      : []),
    ...(i.warnings ?? []).map((w): [string, ReactNode] => [
      'Warning',
      <StatusWarning>
        {w.message}, {ago(w.at, now)}
      </StatusWarning>,
    ]),
    ['Applications', String(i.applicationCount)],
    ['Last cycle', cycleDuration(i.lastCycleDurationMs)],
    [
      'Requests per cycle',
      i.lastCycleRequests !== undefined ? String(i.lastCycleRequests) : '—',
    ],
    [
      'Mode',
      i.mode === 'stream' ? 'stream (watch, with polls to catch up)' : 'poll',
    ],
  ];
  return (
    <Paper
      variant="outlined"
      className={`${classes.card} ${
        state === 'unreachable' ? classes.unreachable : ''
      }`}
      data-testid="argo-pulse-instance"
    >
      <div className={classes.heading}>
        <Typography variant="h6" component="h2" className={classes.name}>
          {i.instance}
        </Typography>
        <Typography
          variant="body2"
          component="span"
          style={{ whiteSpace: 'nowrap' }}
        >
          <Status>{state}</Status>
        </Typography>
      </div>
      <dl className={classes.facts}>
        {facts.map(([term, value], index) => (
          <div key={`${term}-${index}`} style={{ display: 'contents' }}>
            <Typography component="dt" variant="body2" className={classes.term}>
              {term}
            </Typography>
            <Typography
              component="dd"
              variant="body2"
              className={classes.value}
            >
              {value}
            </Typography>
          </div>
        ))}
      </dl>
    </Paper>
  );
}
