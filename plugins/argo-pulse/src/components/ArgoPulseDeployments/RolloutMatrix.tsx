import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  ArgoPulseEntityVersions,
  PortalVersionMatrixResponse,
} from '@argo-pulse/backstage-plugin-common';
import Typography from '@material-ui/core/Typography';
import type { DateTime } from 'luxon';
import { argoPulseApiRef, PortalVersionsQuery } from '../../api/ArgoPulseApi';
import { useLivePortalData } from '../../hooks/useLiveEntityData';
import {
  DriftNote,
  MatrixCell,
  MatrixHeader,
  shortName,
  useMatrixStyles,
  VersionList,
} from '../ArgoPulseVersionsCard/matrixParts';
import { RefreshWarning } from '../RefreshWarning';
import { LoadError } from '../LoadError';

/** What to call each entity: its name, or its full ref where two entities share a name. */
function entityLabels(
  entities: ArgoPulseEntityVersions[],
): Map<string, string> {
  const nameOf = (ref: string) => ref.split('/').pop() ?? ref;
  const shared = (ref: string) =>
    entities.filter(other => nameOf(other.entityRef) === nameOf(ref)).length >
    1;
  return new Map(
    entities.map(entity => [
      entity.entityRef,
      shared(entity.entityRef) ? entity.entityRef : nameOf(entity.entityRef),
    ]),
  );
}

/** One entity's row: in each environment, what each of its images runs (named when it has several). */
function EntityRow(props: {
  entity: ArgoPulseEntityVersions;
  name: string;
  environments: string[];
  now: DateTime;
}) {
  const { entity, name, environments, now } = props;
  const classes = useMatrixStyles();
  return (
    <div role="row" style={{ display: 'contents' }}>
      <Typography role="rowheader" variant="body2" className={classes.rowHead}>
        <EntityRefLink entityRef={entity.entityRef} hideIcon />
      </Typography>
      {environments.map((environment, column) => {
        const cells = entity.rows.map(row => ({
          repository: row.repository,
          versions: row.cells[column]?.versions ?? [],
        }));
        const empty = cells.every(cell => cell.versions.length === 0);
        return (
          <MatrixCell
            key={environment}
            drifted={entity.drift.some(d => d.environment === environment)}
            testId={`argo-pulse-rollout-${name}-${environment}`}
          >
            {empty ? (
              <VersionList versions={[]} now={now} />
            ) : (
              cells.map(cell => (
                <VersionList
                  key={cell.repository}
                  versions={cell.versions}
                  label={
                    entity.rows.length > 1
                      ? shortName(cell.repository)
                      : undefined
                  }
                  now={now}
                />
              ))
            )}
          </MatrixCell>
        );
      })}
    </div>
  );
}

/** The matrix of many entities: a row per entity, the environments as columns, drift below. */
function EntitiesMatrix(props: {
  matrix: PortalVersionMatrixResponse;
  now: DateTime;
}) {
  const { matrix, now } = props;
  const classes = useMatrixStyles();
  const columns = `minmax(6rem, 1.2fr) repeat(${matrix.environments.length}, minmax(0, 1fr))`;
  const labels = entityLabels(matrix.entities);
  return (
    <>
      <div
        className={classes.grid}
        style={{ gridTemplateColumns: columns }}
        role="table"
        aria-label="Versions per environment by entity"
        data-testid="argo-pulse-rollout"
      >
        <MatrixHeader first="Entity" environments={matrix.environments} />
        {matrix.entities.map(entity => (
          <EntityRow
            key={entity.entityRef}
            entity={entity}
            name={labels.get(entity.entityRef)!}
            environments={matrix.environments}
            now={now}
          />
        ))}
      </div>
      {matrix.entities.flatMap(entity =>
        entity.drift.map(drift => (
          <DriftNote
            key={`${entity.entityRef}/${drift.repository}/${drift.environment}/${drift.message}`}
            drift={drift}
            prefix={`${labels.get(entity.entityRef)}${
              entity.rows.length > 1 ? ` (${shortName(drift.repository)})` : ''
            }: `}
          />
        )),
      )}
    </>
  );
}

/**
 * The rollout state of a team's or a system's services at a glance: which
 * version of each runs in each environment, drift highlighted. Entities
 * beyond `query.limit` are counted, not shown: narrow the filters to see them.
 */
export function RolloutMatrix(props: {
  query: PortalVersionsQuery;
  refreshIntervalMs?: number;
  now: DateTime;
}) {
  const api = useApi(argoPulseApiRef);
  const { query, now } = props;
  const { value, loading, error, refreshError } = useLivePortalData({
    load: () => api.getPortalVersions(query),
    deps: [api, query],
    refreshMs: props.refreshIntervalMs,
  });
  return (
    <InfoCard
      title="Versions per environment"
      subheader="One row per entity the filters select"
      noPadding
    >
      <RefreshWarning error={refreshError} />
      {loading && <Progress />}
      {error && <LoadError error={error} what="these services' versions" />}
      {value && value.entities.length === 0 && (
        <EmptyState
          missing="data"
          title="No entities"
          description="None that you may see matches these filters."
        />
      )}
      {value && value.entities.length > 0 && (
        <EntitiesMatrix matrix={value} now={now} />
      )}
      {value?.nextOffset !== undefined && (
        <Typography
          variant="body2"
          color="textSecondary"
          style={{ padding: '0 12px 12px' }}
        >
          The first {value.entities.length} entities are shown: narrow the
          filters to see the others.
        </Typography>
      )}
    </InfoCard>
  );
}
