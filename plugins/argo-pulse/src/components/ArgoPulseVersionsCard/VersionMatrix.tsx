import type {
  ArgoPulseMatrixDrift,
  EntityVersionMatrixResponse,
} from '@argo-pulse/backstage-plugin-common';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { DateTime } from 'luxon';
import {
  DriftNote,
  MatrixCell,
  MatrixHeader,
  shortName,
  useMatrixStyles,
  VersionList,
} from './matrixParts';

/**
 * Which version of each image runs in each environment, since when, with
 * drifted cells highlighted and the drift said in words below.
 */
export function VersionMatrix(props: {
  matrix: EntityVersionMatrixResponse;
  now: DateTime;
}) {
  const { matrix, now } = props;
  const classes = useMatrixStyles();
  const driftAt = (
    repository: string,
    environment: string,
  ): ArgoPulseMatrixDrift[] =>
    matrix.drift.filter(
      d => d.repository === repository && d.environment === environment,
    );
  const columns = `minmax(5rem, 1fr) repeat(${matrix.environments.length}, minmax(0, 1fr))`;
  return (
    <>
      <div
        className={classes.grid}
        style={{ gridTemplateColumns: columns }}
        role="table"
        aria-label="Versions per environment"
        data-testid="argo-pulse-versions"
      >
        <MatrixHeader first="Image" environments={matrix.environments} />
        {matrix.rows.map(row => (
          <div key={row.repository} role="row" style={{ display: 'contents' }}>
            <Tooltip title={row.repository}>
              <Typography
                role="rowheader"
                variant="body2"
                className={classes.rowHead}
              >
                {shortName(row.repository)}
              </Typography>
            </Tooltip>
            {row.cells.map(cell => (
              <MatrixCell
                key={cell.environment}
                drifted={driftAt(row.repository, cell.environment).length > 0}
                testId={`argo-pulse-version-${cell.environment}`}
              >
                <VersionList versions={cell.versions} now={now} />
              </MatrixCell>
            ))}
          </div>
        ))}
      </div>
      {matrix.drift.map(drift => (
        <DriftNote
          key={`${drift.repository}/${drift.environment}/${drift.message}`}
          drift={drift}
          prefix={
            matrix.rows.length > 1
              ? `${shortName(drift.repository)}: `
              : undefined
          }
        />
      ))}
    </>
  );
}
