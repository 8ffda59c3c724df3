import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import type { DateTime } from 'luxon';
import { DEFAULT_REFRESH_MS } from '../hooks/useLiveData';
import { duration } from './format';
import { useMutedTextStyles } from './mutedText';

/** What a live card knows about its own freshness (see useLiveEntityData). */
export interface LiveState {
  updatedAt?: Date;
  live: boolean;
  refreshing: boolean;
  refresh: () => void;
}

/**
 * "Updated 4s ago · live" and a refresh button: how fresh what the card shows
 * is, and whether it follows changes as they are stored (change signals) or
 * re-reads on a timer.
 */
export function LiveStatus(props: {
  state: LiveState;
  refreshMs?: number;
  now: DateTime;
}) {
  const { updatedAt, live, refreshing, refresh } = props.state;
  const classes = useMutedTextStyles();
  const refreshMs = props.refreshMs ?? DEFAULT_REFRESH_MS;
  const age = updatedAt
    ? Math.max(0, (props.now.toMillis() - updatedAt.getTime()) / 1000)
    : undefined;
  let mode = 'not re-read on its own';
  if (live) mode = 'live';
  else if (refreshMs) mode = `re-read every ${duration(refreshMs / 1000)}`;
  return (
    <div
      style={{
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'flex-end',
        gap: 4,
      }}
    >
      <Typography variant="caption" className={classes.muted}>
        {age !== undefined ? `Updated ${duration(age)} ago` : 'Not read yet'} ·{' '}
        {mode}
      </Typography>
      <Tooltip title="Refresh now">
        <span>
          <IconButton
            size="small"
            aria-label="Refresh"
            onClick={refresh}
            disabled={refreshing}
          >
            <RefreshIcon fontSize="small" />
          </IconButton>
        </span>
      </Tooltip>
    </div>
  );
}
