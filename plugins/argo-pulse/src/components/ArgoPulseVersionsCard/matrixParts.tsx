import type {
  ArgoPulseMatrixDrift,
  ArgoPulseMatrixVersion,
} from '@argo-pulse/backstage-plugin-common';
import { makeStyles } from '@material-ui/core/styles';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import WarningIcon from '@material-ui/icons/Warning';
import type { DateTime } from 'luxon';
import type { ReactNode } from 'react';
import { ago, exactTime } from '../format';

/** The styles of a version matrix: a grid whose columns shrink, so it fits a half-width card on a laptop. */
export const useMatrixStyles = makeStyles(theme => ({
  grid: {
    display: 'grid',
    columnGap: theme.spacing(1.5),
    rowGap: theme.spacing(1),
    padding: theme.spacing(1.5),
    alignItems: 'start',
  },
  head: {
    color: theme.palette.text.secondary,
    fontWeight: 500,
    overflowWrap: 'anywhere',
  },
  rowHead: { overflowWrap: 'anywhere', fontWeight: 500 },
  cell: {
    minWidth: 0,
    padding: theme.spacing(0.5, 1),
    borderRadius: theme.shape.borderRadius,
    overflowWrap: 'anywhere',
  },
  drifted: {
    backgroundColor:
      theme.palette.type === 'dark' ? 'rgba(255, 152, 0, 0.16)' : '#fff4e5',
  },
  muted: { color: theme.palette.text.secondary },
  drift: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
    padding: theme.spacing(0, 1.5, 1),
    overflowWrap: 'anywhere',
  },
  icon: {
    color: theme.palette.warning.main,
    fontSize: '1.1rem',
    flexShrink: 0,
    marginTop: 2,
  },
}));

/** The last path component of a repository, which is how people name an image. */
export const shortName = (repository: string) =>
  repository.split('/').pop() ?? repository;

/** The column headers: what the rows are, then the environments. */
export function MatrixHeader(props: { first: string; environments: string[] }) {
  const classes = useMatrixStyles();
  return (
    <div role="row" style={{ display: 'contents' }}>
      <Typography role="columnheader" variant="body2" className={classes.head}>
        {props.first}
      </Typography>
      {props.environments.map(environment => (
        <Typography
          key={environment}
          role="columnheader"
          variant="body2"
          className={classes.head}
        >
          {environment}
        </Typography>
      ))}
    </div>
  );
}

/** What runs in one environment: each version (named by its image when `label` is given) since when, or a dash. */
export function VersionList(props: {
  versions: ArgoPulseMatrixVersion[];
  label?: string;
  now: DateTime;
}) {
  const classes = useMatrixStyles();
  if (props.versions.length === 0) {
    return props.label ? null : (
      <Typography variant="body2" className={classes.muted}>
        —
      </Typography>
    );
  }
  return (
    <>
      {props.versions.map(version => (
        <div key={version.image}>
          <Tooltip title={version.image}>
            <Typography variant="body2" component="div">
              {props.label
                ? `${props.label} ${version.version}`
                : version.version}
            </Typography>
          </Tooltip>
          {version.since && (
            <Tooltip title={exactTime(version.since)}>
              <Typography
                variant="caption"
                className={classes.muted}
                component="div"
              >
                since {ago(version.since, props.now)}
              </Typography>
            </Tooltip>
          )}
        </div>
      ))}
    </>
  );
}

/** A cell of the grid, highlighted when the environment drifted. */
export function MatrixCell(props: {
  drifted: boolean;
  testId: string;
  children: ReactNode;
}) {
  const classes = useMatrixStyles();
  return (
    <div
      role="cell"
      className={`${classes.cell} ${props.drifted ? classes.drifted : ''}`}
      data-testid={props.testId}
    >
      {props.children}
    </div>
  );
}

/** One drift, in words, after an optional prefix (the image or the entity it is about). */
export function DriftNote(props: {
  drift: ArgoPulseMatrixDrift;
  prefix?: ReactNode;
}) {
  const classes = useMatrixStyles();
  return (
    <div className={classes.drift} data-testid="argo-pulse-drift">
      <WarningIcon className={classes.icon} aria-hidden />
      <Typography variant="body2" component="div">
        {props.prefix}
        {props.drift.message}
      </Typography>
    </div>
  );
}
