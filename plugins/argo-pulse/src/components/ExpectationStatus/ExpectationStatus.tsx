import { Link, StatusAborted, StatusError, StatusOK, StatusPending } from '@backstage/core-components';
import type { ArgoPulseExpectation } from '@argo-pulse/backstage-plugin-common';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { DateTime } from 'luxon';
import { duration } from '../format';

/** The image tags an expectation asks for, short: `payments-api:1.9.0`. */
export function expectedVersions(expectation: ArgoPulseExpectation): string {
  return expectation.images.map(image => image.split('/').pop()).join(', ');
}

/**
 * Where the latest expected version stands: pending for how long (and what
 * it waits for, in a tooltip), deployed in how long, or failed and why.
 */
export function ExpectationStatus(props: { expectation: ArgoPulseExpectation; now?: DateTime }) {
  const { expectation: e } = props;
  const now = props.now ?? DateTime.now();
  const versions = expectedVersions(e);
  const run = e.runUrl ? (
    <>
      {' '}
      (<Link to={e.runUrl}>CI run</Link>)
    </>
  ) : null;
  if (e.state === 'pending') {
    const waited = now.diff(DateTime.fromISO(e.createdAt)).as('seconds');
    return (
      <Tooltip title={e.waitingFor?.join('\n') || 'Waiting for the next poll'}>
        <span>
          <StatusPending>
            {versions}: pending for {duration(waited)}
          </StatusPending>
          {run}
        </span>
      </Tooltip>
    );
  }
  if (e.state === 'deployed') {
    return (
      <span>
        <StatusOK>
          {versions}: deployed{e.durationSeconds !== undefined ? ` in ${duration(e.durationSeconds)}` : ''}
        </StatusOK>
        {run}
      </span>
    );
  }
  if (e.state === 'failed') {
    return (
      <span>
        <StatusError>
          {versions}: failed ({e.reason})
        </StatusError>
        {run}
        {e.message && (
          <Typography variant="body2" color="textSecondary">
            {e.message}
          </Typography>
        )}
      </span>
    );
  }
  return (
    <StatusAborted>
      {versions}: {e.state}
    </StatusAborted>
  );
}
