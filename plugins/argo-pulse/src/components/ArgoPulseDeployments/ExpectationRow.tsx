import type { ArgoPulseExpectation } from '@argo-pulse/backstage-plugin-common';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { DateTime } from 'luxon';
import { useHistoryRowStyles } from '../ArgoPulseHistoryCard/DeploymentRow';
import { displayedExpectation, ExpectationStatus } from '../ExpectationStatus';
import { ago, exactTime, shortRevision } from '../format';

/**
 * One expectation CI posted, as a row of the portal-wide feed: its verdict
 * as it was reached (with the CI run), then the applications it waits for or
 * waited for, when it was posted, the revision and who.
 */
export function ExpectationRow(props: {
  expectation: ArgoPulseExpectation;
  now: DateTime;
}) {
  const { expectation: e, now } = props;
  const classes = useHistoryRowStyles();
  const who = e.author ?? e.createdBy;
  const failing = displayedExpectation({ expectation: e, now }).failing;
  return (
    <div
      className={`${classes.row} ${failing ? classes.failed : ''}`}
      data-testid="argo-pulse-feed-expectation"
    >
      <ExpectationStatus expectation={e} now={now} />
      <div className={classes.line}>
        <Typography variant="body2" className={classes.muted}>
          Expected
        </Typography>
        {e.applications.map(app => (
          <span
            key={`${app.instance}/${app.namespace}/${app.name}`}
            className={classes.line}
          >
            <Typography variant="body2" className={classes.text}>
              {app.name}
            </Typography>
            <Chip size="small" label={app.instance} />
          </span>
        ))}
        <Tooltip title={exactTime(e.createdAt)}>
          <Typography variant="body2" className={classes.muted}>
            posted {ago(e.createdAt, now)}
          </Typography>
        </Tooltip>
        {e.revision && (
          <Typography
            variant="body2"
            component="span"
            style={{ whiteSpace: 'nowrap' }}
          >
            {shortRevision(e.revision)}
          </Typography>
        )}
        {who && (
          <Typography
            variant="body2"
            component="span"
            className={`${classes.muted} ${classes.text}`}
          >
            {who}
          </Typography>
        )}
      </div>
    </div>
  );
}
