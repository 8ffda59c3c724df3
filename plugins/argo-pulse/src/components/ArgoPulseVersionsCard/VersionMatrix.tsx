import type { ArgoPulseMatrixDrift, EntityVersionMatrixResponse } from '@argo-pulse/backstage-plugin-common';
import { makeStyles } from '@material-ui/core/styles';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import WarningIcon from '@material-ui/icons/Warning';
import type { DateTime } from 'luxon';
import { ago, exactTime } from '../format';

const useStyles = makeStyles(theme => ({
  grid: { display: 'grid', columnGap: theme.spacing(1.5), rowGap: theme.spacing(1), padding: theme.spacing(1.5), alignItems: 'start' },
  head: { color: theme.palette.text.secondary, fontWeight: 500, overflowWrap: 'anywhere' },
  repository: { overflowWrap: 'anywhere', fontWeight: 500 },
  cell: { minWidth: 0, padding: theme.spacing(0.5, 1), borderRadius: theme.shape.borderRadius, overflowWrap: 'anywhere' },
  drifted: { backgroundColor: theme.palette.type === 'dark' ? 'rgba(255, 152, 0, 0.16)' : '#fff4e5' },
  muted: { color: theme.palette.text.secondary },
  drift: { display: 'flex', alignItems: 'flex-start', gap: theme.spacing(1), padding: theme.spacing(0, 1.5, 1), overflowWrap: 'anywhere' },
  icon: { color: theme.palette.warning.main, fontSize: '1.1rem', flexShrink: 0, marginTop: 2 },
}));

/** The last path component of a repository, which is how people name an image. */
const shortName = (repository: string) => repository.split('/').pop() ?? repository;

/**
 * Which version of each image runs in each environment, since when, with
 * drifted cells highlighted and the drift said in words below. A grid whose
 * columns shrink, so it fits a half-width card on a laptop.
 */
export function VersionMatrix(props: { matrix: EntityVersionMatrixResponse; now: DateTime }) {
  const { matrix, now } = props;
  const classes = useStyles();
  const driftAt = (repository: string, environment: string): ArgoPulseMatrixDrift[] => matrix.drift.filter(d => d.repository === repository && d.environment === environment);
  const columns = `minmax(5rem, 1fr) repeat(${matrix.environments.length}, minmax(0, 1fr))`;
  return (
    <>
      <div className={classes.grid} style={{ gridTemplateColumns: columns }} role="table" aria-label="Versions per environment" data-testid="argo-pulse-versions">
        <div role="row" style={{ display: 'contents' }}>
          <Typography role="columnheader" variant="body2" className={classes.head}>
            Image
          </Typography>
          {matrix.environments.map(environment => (
            <Typography key={environment} role="columnheader" variant="body2" className={classes.head}>
              {environment}
            </Typography>
          ))}
        </div>
        {matrix.rows.map(row => (
          <div key={row.repository} role="row" style={{ display: 'contents' }}>
            <Tooltip title={row.repository}>
              <Typography role="rowheader" variant="body2" className={classes.repository}>
                {shortName(row.repository)}
              </Typography>
            </Tooltip>
            {row.cells.map(cell => {
              const drift = driftAt(row.repository, cell.environment);
              return (
                <div key={cell.environment} role="cell" className={`${classes.cell} ${drift.length ? classes.drifted : ''}`} data-testid={`argo-pulse-version-${cell.environment}`}>
                  {cell.versions.length === 0 && (
                    <Typography variant="body2" className={classes.muted}>
                      —
                    </Typography>
                  )}
                  {cell.versions.map(version => (
                    <div key={version.image}>
                      <Tooltip title={version.image}>
                        <Typography variant="body2" component="div">
                          {version.version}
                        </Typography>
                      </Tooltip>
                      {version.since && (
                        <Tooltip title={exactTime(version.since)}>
                          <Typography variant="caption" className={classes.muted} component="div">
                            since {ago(version.since, now)}
                          </Typography>
                        </Tooltip>
                      )}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        ))}
      </div>
      {matrix.drift.map(drift => (
        <div key={`${drift.repository}/${drift.environment}/${drift.message}`} className={classes.drift} data-testid="argo-pulse-drift">
          <WarningIcon className={classes.icon} aria-hidden />
          <Typography variant="body2">
            {matrix.rows.length > 1 ? `${shortName(drift.repository)}: ` : ''}
            {drift.message}
          </Typography>
        </div>
      ))}
    </>
  );
}
