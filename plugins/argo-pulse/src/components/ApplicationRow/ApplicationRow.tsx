import { Link } from '@backstage/core-components';
import type {
  ArgoPulseApplicationOverview,
  ArgoPulseExpectation,
  ArgoPulseInstanceStatus,
} from '@argo-pulse/backstage-plugin-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { DateTime } from 'luxon';
import type { ReactNode } from 'react';
import { HealthStatus, OperationStatus, SyncStatus } from '../ArgoPulseStatus';
import { ExpectationStatus } from '../ExpectationStatus';
import {
  failedOperation,
  isFailing,
  messagesShown,
  staleSince,
} from '../applicationState';
import { ago, exactTime, shortRevision } from '../format';
import { ImageTags } from '../ImageTag';
import { RolloutSummary, rolloutsUnderWay } from '../RolloutSummary';
import { SecondaryText } from '../SecondaryText';
import type { GeneratedBy } from '../applicationSets';
import {
  ApplicationSetCaption,
  ApplicationSetStep,
} from './ApplicationSetStep';

const useStyles = makeStyles(theme => ({
  row: {
    padding: theme.spacing(1, 1.5),
    borderLeft: `3px solid transparent`,
    '& + &': { borderTop: `1px solid ${theme.palette.divider}` },
  },
  problem: { borderLeftColor: theme.palette.error.main },
  head: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: theme.spacing(1.5),
    rowGap: theme.spacing(0.5),
  },
  name: {
    fontWeight: theme.typography.fontWeightMedium as number,
    overflowWrap: 'anywhere',
  },
  // Label and value side by side; the value wraps within the card, never past it.
  line: {
    display: 'grid',
    gridTemplateColumns: '6.5em minmax(0, 1fr)',
    columnGap: theme.spacing(1),
    marginTop: theme.spacing(0.5),
  },
  label: { color: theme.palette.text.secondary },
  muted: { color: theme.palette.text.secondary },
  // Refresh, sync: at the end of the first line, or on a line of their own when narrow.
  actions: { marginLeft: 'auto' },
  inline: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: theme.spacing(1),
  },
}));

function Line(props: { label: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <div className={classes.line}>
      <Typography variant="body2" className={classes.label}>
        {props.label}
      </Typography>
      <Typography variant="body2" component="div">
        {props.children}
      </Typography>
    </div>
  );
}

/**
 * One application, readable at any card width: name, environment, sync and
 * health on the first line (grey and "as of" when its instance stopped
 * answering); then each Argo Rollouts Rollout still under way, what runs,
 * the expected version's verdict, a failed last operation and why the
 * application is unhealthy (the last two with Argo CD's words only for
 * those who may read detail). `actions` (refresh, sync) close the first
 * line. An application an ApplicationSet generated (`generatedBy`) shows
 * its rolling sync step and status on the first line when `grouped` under
 * its ApplicationSet's header, else a caption that names the set.
 */
export function ApplicationRow(props: {
  app: ArgoPulseApplicationOverview;
  expectation?: ArgoPulseExpectation;
  instance?: ArgoPulseInstanceStatus;
  now: DateTime;
  actions?: ReactNode;
  generatedBy?: GeneratedBy;
  grouped?: boolean;
}) {
  const { generatedBy, grouped } = props;
  const { app, expectation, now } = props;
  const classes = useStyles();
  const asOf = staleSince(props.instance, now);
  const failed = failedOperation(app);
  const unhealthy = app.unhealthyResource;
  const problem = isFailing(app, expectation, asOf);
  const rollouts = rolloutsUnderWay(app);
  const deployedBy =
    app.lastDeployedBy?.username ??
    (app.lastDeployedBy?.automated ? 'automated sync' : undefined);
  return (
    <div
      className={`${classes.row} ${problem ? classes.problem : ''}`}
      data-testid="argo-pulse-application"
    >
      <div className={classes.head}>
        <Link to={app.argoCdUrl} className={classes.name}>
          {app.name}
        </Link>
        <Chip size="small" label={app.instance} />
        <SyncStatus status={app.sync.status} asOf={asOf} />
        {/* A hydrated application syncs Argo CD's commit; the one CI made is what its people know. */}
        <Tooltip
          title={
            app.sync.dryRevision
              ? `${app.sync.dryRevision}, hydrated as ${app.sync.revisions.join(
                  ', ',
                )}`
              : app.sync.revisions.join(', ')
          }
        >
          <Typography variant="body2" className={classes.muted}>
            {app.sync.dryRevision
              ? shortRevision(app.sync.dryRevision)
              : app.sync.revisions.map(shortRevision).join(', ')}
          </Typography>
        </Tooltip>
        <HealthStatus
          status={app.health.status}
          message={app.health.message}
          asOf={asOf}
        />
        {generatedBy && grouped && (
          <ApplicationSetStep generated={generatedBy} asOf={asOf} />
        )}
        {asOf && (
          <Typography variant="body2" className={classes.muted}>
            as of {asOf}
          </Typography>
        )}
        {props.actions && (
          <div className={classes.actions}>{props.actions}</div>
        )}
      </div>
      {generatedBy && !grouped && (
        <ApplicationSetCaption generated={generatedBy} />
      )}
      {rollouts.map(rollout => (
        <Line key={`${rollout.namespace}/${rollout.name}`} label="Rollout">
          <RolloutSummary
            rollout={rollout}
            now={now}
            named={(app.rollouts ?? []).length > 1}
            asOf={asOf}
          />
        </Line>
      ))}
      <Line label="Runs">
        <ImageTags images={app.images} />
        {app.lastDeployedAt && (
          <Tooltip title={exactTime(app.lastDeployedAt)}>
            <span className={classes.muted}>
              {' '}
              · deployed {ago(app.lastDeployedAt, now)}
              {deployedBy ? ` by ${deployedBy}` : ''}
            </span>
          </Tooltip>
        )}
      </Line>
      {expectation && (
        <Line label="Expected">
          <ExpectationStatus
            expectation={expectation}
            application={app}
            asOf={asOf}
            now={now}
            shownElsewhere={messagesShown(app)}
          />
        </Line>
      )}
      {failed && (
        <Line label="Last sync">
          <span className={classes.inline}>
            <OperationStatus status={failed.phase} />
            {failed.finishedAt && (
              <span className={classes.muted}>
                {ago(failed.finishedAt, now)}
              </span>
            )}
          </span>
          {failed.message && <SecondaryText>{failed.message}</SecondaryText>}
        </Line>
      )}
      {unhealthy && (
        <Line label="Why">
          <span style={{ overflowWrap: 'anywhere' }}>
            {unhealthy.kind} {unhealthy.name}:{' '}
            {[unhealthy.reason, unhealthy.message]
              .filter(Boolean)
              .join(' — ') || unhealthy.status}
          </span>
        </Line>
      )}
    </div>
  );
}
