import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import type {
  ArgoPulseDeployment,
  ArgoPulseExpectation,
} from '@argo-pulse/backstage-plugin-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { DateTime } from 'luxon';
import { ago, commitUrl, duration, exactTime, shortRevision } from '../format';
import { ImageTags } from '../ImageTag';
import { StatusText } from '../StatusText';
import { deploymentOutcome } from './deploymentOutcome';
import { RollbackAction } from '../ApplicationActions';
import { OciArtifact } from './OciArtifact';

/** The look of a history row, shared by the rows of the portal-wide feed. */
export const useHistoryRowStyles = makeStyles(theme => ({
  row: {
    padding: theme.spacing(1, 1.5),
    borderLeft: '3px solid transparent',
    '& + &': { borderTop: `1px solid ${theme.palette.divider}` },
  },
  failed: { borderLeftColor: theme.palette.error.main },
  line: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: theme.spacing(1.5),
    rowGap: theme.spacing(0.5),
  },
  muted: { color: theme.palette.text.secondary },
  text: { overflowWrap: 'anywhere' },
}));

/** "sync started by alice via Backstage": the user's name from their entity ref. */
export function startedFromBackstageText(
  started: NonNullable<ArgoPulseDeployment['startedFromBackstage']>,
): string {
  let who = started.by;
  try {
    who = parseEntityRef(started.by, { defaultKind: 'user' }).name;
  } catch {
    // not a ref: as the backend wrote it
  }
  return `${started.action} started by ${who} via Backstage`;
}

/**
 * Each source's revision: a linked short SHA for git, `chart version` for Helm, the artifact for
 * OCI (sources are detail: without them, the revision alone).
 */
function Revisions({ deployment }: { deployment: ArgoPulseDeployment }) {
  return (
    <>
      {deployment.revisions.map((revision, index) => {
        const artifact = deployment.oci?.find(a => a.sourceIndex === index);
        if (artifact)
          return (
            <OciArtifact key={`${index}-${revision}`} artifact={artifact} />
          );
        const source = deployment.sources[index];
        const text = source?.chart
          ? `${source.chart} ${revision}`
          : shortRevision(revision);
        const url = source ? commitUrl(source.repoURL, revision) : undefined;
        return (
          <Typography
            key={`${index}-${revision}`}
            variant="body2"
            component="span"
            style={{ whiteSpace: 'nowrap' }}
          >
            {url ? <Link to={url}>{text}</Link> : text}
          </Typography>
        );
      })}
    </>
  );
}

/** Older deployments Argo CD dropped from its history before Argo Pulse saw them; they sit just below this row. */
function MissedDeployments(props: { count: number }) {
  const classes = useHistoryRowStyles();
  const what =
    props.count === 1
      ? '1 earlier deployment was'
      : `${props.count} earlier deployments were`;
  return (
    <Typography
      variant="body2"
      className={`${classes.muted} ${classes.text}`}
      data-testid="argo-pulse-missed-deployments"
    >
      <em>
        … {what} not seen: more happened between two polls than Argo CD keeps in
        its history.
      </em>
    </Typography>
  );
}

/**
 * One deployment, readable at any card width: outcome, application and
 * when on the first line; what went out and the change behind it below;
 * Argo CD's message for a failed operation (detail readers only). With
 * `rollbackEntity` (a user allowed to roll back), "Roll back" where Argo CD
 * can go back to it, or, with `explainRollback`, why not.
 */
export function DeploymentRow(props: {
  deployment: ArgoPulseDeployment;
  expectation?: ArgoPulseExpectation;
  now: DateTime;
  /** The entity whose application to roll back (offered to a user allowed to); no rollback without it. */
  rollbackEntity?: Entity;
  /** Say why this deployment cannot be rolled back to, when it cannot. */
  explainRollback?: boolean;
}) {
  const { deployment: d, expectation, now } = props;
  const classes = useHistoryRowStyles();
  const outcome = deploymentOutcome(d);
  const failed = outcome.failed;
  const commit = d.commits[0];
  // An OCI artifact's authors and creation tell what a commit's author would.
  const artifact = commit
    ? undefined
    : d.oci?.find(a => a.authors || a.createdAt);
  const who =
    commit?.author ??
    artifact?.authors ??
    d.initiatedBy?.username ??
    (d.initiatedBy?.automated ? 'automated sync' : undefined);
  return (
    <div
      className={`${classes.row} ${failed ? classes.failed : ''}`}
      data-testid="argo-pulse-deployment"
    >
      <div className={classes.line}>
        <Tooltip title={outcome.explanation}>
          <span data-testid="argo-pulse-deployment-outcome">
            <StatusText tone={outcome.tone}>{outcome.word}</StatusText>
          </span>
        </Tooltip>
        <Typography variant="body2" className={classes.text}>
          {d.application}
        </Typography>
        <Chip size="small" label={d.instance} />
        {d.rollbackOf && (
          <Tooltip title="Back to the revisions of an earlier deployment">
            <Chip size="small" variant="outlined" label="rollback" />
          </Tooltip>
        )}
        <Tooltip title={exactTime(d.finishedAt)}>
          <Typography variant="body2" className={classes.muted}>
            {ago(d.finishedAt, now)}
            {d.durationSeconds !== undefined
              ? ` · took ${duration(d.durationSeconds)}`
              : ''}
          </Typography>
        </Tooltip>
        {props.rollbackEntity && (
          <RollbackAction
            entity={props.rollbackEntity}
            deployment={d}
            now={now}
            explain={props.explainRollback}
          />
        )}
      </div>
      <div className={classes.line}>
        {d.images.length > 0 && (
          <Typography variant="body2" component="span">
            <ImageTags images={d.images} />
          </Typography>
        )}
        <Revisions deployment={d} />
        {d.hydratedRevision && (
          <Tooltip title={d.hydratedRevision}>
            <Typography
              variant="body2"
              component="span"
              className={classes.muted}
              style={{ whiteSpace: 'nowrap' }}
              data-testid="argo-pulse-hydrated-revision"
            >
              hydrated as {shortRevision(d.hydratedRevision)}
            </Typography>
          </Tooltip>
        )}
        {commit?.message && (
          <Typography variant="body2" component="span" className={classes.text}>
            {commit.message.split('\n')[0]}
          </Typography>
        )}
        {who && (
          <Typography
            variant="body2"
            component="span"
            className={classes.muted}
          >
            {who}
          </Typography>
        )}
        {artifact?.createdAt && (
          <Tooltip title={exactTime(artifact.createdAt)}>
            <Typography
              variant="body2"
              component="span"
              className={classes.muted}
            >
              built {ago(artifact.createdAt, now)}
            </Typography>
          </Tooltip>
        )}
        {d.startedFromBackstage && (
          <Typography
            variant="body2"
            component="span"
            className={classes.muted}
            data-testid="argo-pulse-started-from-backstage"
          >
            {startedFromBackstageText(d.startedFromBackstage)}
          </Typography>
        )}
        {expectation?.runUrl && (
          <Typography variant="body2" component="span">
            <Link to={expectation.runUrl}>CI run</Link>
          </Typography>
        )}
      </div>
      {d.result?.status === 'degraded' && d.result.reason && (
        <Typography
          variant="body2"
          className={`${classes.muted} ${classes.text}`}
        >
          {d.result.reason}
        </Typography>
      )}
      {d.syncResult?.message && d.outcome !== 'Succeeded' && (
        <Typography
          variant="body2"
          className={`${classes.muted} ${classes.text}`}
        >
          {d.syncResult.message}
        </Typography>
      )}
      {d.missedBefore !== undefined && d.missedBefore > 0 && (
        <MissedDeployments count={d.missedBefore} />
      )}
    </div>
  );
}
