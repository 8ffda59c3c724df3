import type { Entity } from '@backstage/catalog-model';
import { EmptyState, Link, Progress, ResponseErrorPanel, StatusError, StatusOK, Table, TableColumn } from '@backstage/core-components';
import type { ArgoPulseDeployment, ArgoPulseExpectation } from '@argo-pulse/backstage-plugin-common';
import TablePagination from '@material-ui/core/TablePagination';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { expectationFor, useEntityHistory } from '../../hooks/useEntityHistory';
import { EntityArgoCdCard } from '../EntityArgoCdCard';
import { RefreshWarning } from '../RefreshWarning';
import { ImageList } from '../ImageList';
import { ago, commitUrl, duration, exactTime, shortRevision } from '../format';

/**
 * Options of the Argo Pulse deployment history card ({@link EntityArgoPulseHistoryCard}).
 *
 * @public
 */
export interface ArgoPulseHistoryCardProps {
  /** The card's title. Default `Deployment history`. */
  title?: string;
  /** Deployments per page. Default 10. */
  pageSize?: number;
  /** How often the card re-reads the backend, in milliseconds; 0 turns it off. Default 10 s. */
  refreshIntervalMs?: number;
}

type Row = ArgoPulseDeployment & { id: string; expectation?: ArgoPulseExpectation };

function Revisions({ row }: { row: Row }) {
  return (
    <>
      {row.revisions.map((revision, index) => {
        const source = row.sources[index];
        const text = source?.chart ? `${source.chart} ${revision}` : shortRevision(revision);
        const url = source ? commitUrl(source.repoURL, revision) : undefined;
        return (
          <Typography key={`${index}-${revision}`} variant="body2">
            {url ? <Link to={url}>{text}</Link> : text}
          </Typography>
        );
      })}
    </>
  );
}

const columns: TableColumn<Row>[] = [
  {
    title: 'When',
    render: row => (
      <>
        <Tooltip title={exactTime(row.finishedAt)}>
          <span>{ago(row.finishedAt)}</span>
        </Tooltip>
        {row.durationSeconds !== undefined && (
          <Typography variant="body2" color="textSecondary">
            took {duration(row.durationSeconds)}
          </Typography>
        )}
      </>
    ),
  },
  {
    title: 'Application',
    render: row => (
      <>
        {row.application}
        <Typography variant="body2" color="textSecondary">
          {row.instance}
        </Typography>
      </>
    ),
  },
  { title: 'Revision', render: row => <Revisions row={row} /> },
  { title: 'Images', render: row => <ImageList images={row.images} /> },
  {
    title: 'Change',
    render: row => {
      const commit = row.commits[0];
      const who = commit?.author ?? row.initiatedBy?.username ?? (row.initiatedBy?.automated ? 'automated sync' : undefined);
      return (
        <>
          {commit?.message && <Typography variant="body2">{commit.message.split('\n')[0]}</Typography>}
          {who && (
            <Typography variant="body2" color="textSecondary">
              {who}
            </Typography>
          )}
        </>
      );
    },
  },
  {
    title: 'Outcome',
    render: row => (
      <>
        <SyncOutcome row={row} />
        {row.expectation?.runUrl && (
          <Typography variant="body2">
            <Link to={row.expectation.runUrl}>CI run</Link>
          </Typography>
        )}
      </>
    ),
  },
];

/** The deployment's outcome (a failed operation is history too), the operation's message in a tooltip for detail readers. */
function SyncOutcome({ row }: { row: Row }) {
  const Icon = row.outcome === 'Succeeded' ? StatusOK : StatusError;
  const label = <Icon>{row.outcome}</Icon>;
  return row.syncResult?.message ? (
    <Tooltip title={row.syncResult.message}>
      <span>{label}</span>
    </Tooltip>
  ) : (
    label
  );
}

function HistoryContent(props: { entity: Entity; pageSize: number; refreshIntervalMs?: number }) {
  const [page, setPage] = useState(0);
  const { value, loading, error, refreshError } = useEntityHistory(props.entity, { limit: props.pageSize, offset: page * props.pageSize }, props.refreshIntervalMs);
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  if (value.total === 0) {
    return <EmptyState missing="data" title="No deployments yet" description={value.problem ?? 'Argo Pulse records each deployment of the entity\'s applications as it sees it.'} />;
  }
  const rows: Row[] = value.items.map(d => ({ ...d, expectation: expectationFor(d, value.expectations) }));
  return (
    <>
      <RefreshWarning error={refreshError} />
      <Table<Row> options={{ paging: false, search: false, toolbar: false, padding: 'dense' }} columns={columns} data={rows} />
      <TablePagination
        component="div"
        count={value.total}
        page={page}
        rowsPerPage={props.pageSize}
        rowsPerPageOptions={[props.pageSize]}
        onPageChange={(_event, next) => setPage(next)}
      />
    </>
  );
}

/**
 * The entity's deployments, newest first, kept beyond Argo CD's own ten:
 * when and how long, revision, images, the commit, outcome and the CI run.
 *
 * @public
 */
export function ArgoPulseHistoryCard(props: ArgoPulseHistoryCardProps) {
  return (
    <EntityArgoCdCard title={props.title ?? 'Deployment history'}>
      {entity => <HistoryContent entity={entity} pageSize={props.pageSize ?? 10} refreshIntervalMs={props.refreshIntervalMs} />}
    </EntityArgoCdCard>
  );
}
