import type { Entity } from '@backstage/catalog-model';
import { EmptyState, Link, Progress, ResponseErrorPanel, Table, TableColumn } from '@backstage/core-components';
import type { ArgoPulseApplicationOverview, ArgoPulseExpectation } from '@argo-pulse/backstage-plugin-common';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { latestExpectationFor, useEntityOverview } from '../../hooks/useEntityOverview';
import { HealthStatus, SyncStatus } from '../ArgoPulseStatus';
import { ExpectationStatus } from '../ExpectationStatus';
import { EntityArgoCdCard } from '../EntityArgoCdCard';
import { RefreshWarning } from '../RefreshWarning';
import { ImageList } from '../ImageList';
import { ago, exactTime, shortRevision } from '../format';
import { InstanceWarnings } from '../InstanceWarnings';

/**
 * Options of the Argo Pulse overview card ({@link EntityArgoPulseOverviewCard}).
 *
 * @public
 */
export interface ArgoPulseOverviewCardProps {
  /** The card's title. Default `Argo CD`. */
  title?: string;
  /** How often the card re-reads the backend, in milliseconds; 0 turns it off. Default 10 s. */
  refreshIntervalMs?: number;
}

type Row = ArgoPulseApplicationOverview & { id: string; expectation?: ArgoPulseExpectation };

const columns: TableColumn<Row>[] = [
  {
    title: 'Application',
    render: row => (
      <>
        <Link to={row.argoCdUrl}>{row.name}</Link>
        <Typography variant="body2" color="textSecondary">
          {row.instance}
        </Typography>
      </>
    ),
  },
  {
    title: 'Sync',
    render: row => (
      <>
        <SyncStatus status={row.sync.status} />
        <Typography variant="body2" color="textSecondary">
          {row.sync.revisions.map(shortRevision).join(', ')}
        </Typography>
      </>
    ),
  },
  { title: 'Health', render: row => <HealthStatus status={row.health.status} message={row.health.message} /> },
  { title: 'Running', render: row => <ImageList images={row.images} /> },
  {
    title: 'Last deployed',
    render: row =>
      row.lastDeployedAt ? (
        <Tooltip title={exactTime(row.lastDeployedAt)}>
          <span>{ago(row.lastDeployedAt)}</span>
        </Tooltip>
      ) : (
        '—'
      ),
  },
  { title: 'Expected version', render: row => (row.expectation ? <ExpectationStatus expectation={row.expectation} /> : '—') },
];

function OverviewContent(props: { entity: Entity; refreshIntervalMs?: number }) {
  const { value, loading, error, refreshError } = useEntityOverview(props.entity, props.refreshIntervalMs);
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  if (value.applications.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No Argo CD applications"
        description={value.problem ?? `The Argo CD annotations of ${value.entityRef} match no application that Argo Pulse has seen.`}
      />
    );
  }
  const rows: Row[] = value.applications.map(app => ({
    ...app,
    id: `${app.instance}/${app.namespace}/${app.name}`,
    expectation: latestExpectationFor(app, value.expectations),
  }));
  return (
    <>
      <RefreshWarning error={refreshError} />
      <InstanceWarnings instances={value.instances} />
      <Table<Row> options={{ paging: false, search: false, toolbar: false, padding: 'dense' }} columns={columns} data={rows} />
    </>
  );
}

/**
 * Sync and health of each of the entity's Argo CD applications, what runs,
 * when it was last deployed, and where the latest expected version stands.
 *
 * @public
 */
export function ArgoPulseOverviewCard(props: ArgoPulseOverviewCardProps) {
  return (
    <EntityArgoCdCard title={props.title ?? 'Argo CD'}>
      {entity => <OverviewContent entity={entity} refreshIntervalMs={props.refreshIntervalMs} />}
    </EntityArgoCdCard>
  );
}
