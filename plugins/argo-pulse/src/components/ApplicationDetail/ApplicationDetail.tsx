import type { Entity } from '@backstage/catalog-model';
import { argoPulseApplicationDetailReadPermission } from '@argo-pulse/backstage-plugin-common';
import {
  Progress,
  Table,
  TableColumn,
  TableFilter,
} from '@backstage/core-components';
import type {
  ArgoPulseApplicationDetail,
  ArgoPulseResource,
  ArgoPulseSyncResourceResult,
} from '@argo-pulse/backstage-plugin-common';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { ArgoPulseApplicationRef } from '../../api/ArgoPulseApi';
import { useApplicationDetail } from '../../hooks/useApplicationDetail';
import { HealthStatus, OperationStatus, SyncStatus } from '../ArgoPulseStatus';
import { ago } from '../format';
import { ImageTags } from '../ImageTag';
import { LoadError } from '../LoadError';

type ResourceRow = ArgoPulseResource & { id: string; healthStatus: string };

const resourceColumns: TableColumn<ResourceRow>[] = [
  { title: 'Kind', field: 'kind' },
  { title: 'Name', field: 'name' },
  { title: 'Namespace', render: row => row.namespace ?? '—' },
  {
    title: 'Sync',
    field: 'syncStatus',
    render: row =>
      row.syncStatus ? <SyncStatus status={row.syncStatus} /> : '—',
  },
  {
    title: 'Health',
    field: 'healthStatus',
    render: row =>
      row.health ? (
        <HealthStatus status={row.health.status} message={row.health.message} />
      ) : (
        '—'
      ),
  },
  {
    title: 'Images',
    render: row => <ImageTags images={row.images} />,
    customFilterAndSearch: (term, row) =>
      (row.images ?? []).some(i => i.includes(term)),
  },
];

const resourceFilters: TableFilter[] = [
  { column: 'Kind', type: 'multiple-select' },
  { column: 'Health', type: 'multiple-select' },
];

/** A labelled two-column table: where the application deploys from and to. */
function Placement({ detail }: { detail: ArgoPulseApplicationDetail }) {
  const destination = [
    detail.destination.name ?? detail.destination.server ?? '—',
    detail.destination.namespace,
  ]
    .filter(Boolean)
    .join(' / namespace ');
  const rows: Array<[string, string]> = [
    ['Destination', destination],
    ...detail.sources.map((source, i): [string, string] => [
      detail.sources.length > 1 ? `Source ${i + 1}` : 'Source',
      [
        source.repoURL,
        source.path ?? (source.chart && `chart ${source.chart}`),
        `at ${source.targetRevision ?? 'HEAD'}`,
        source.ref && `(ref ${source.ref})`,
      ]
        .filter(Boolean)
        .join(' '),
    ]),
    ['Project', detail.project],
  ];
  return (
    <MuiTable size="small" aria-label="Where it deploys from and to">
      <TableBody>
        {rows.map(([label, value]) => (
          <TableRow key={label}>
            <TableCell
              component="th"
              scope="row"
              style={{ width: '9em', verticalAlign: 'top' }}
            >
              {label}
            </TableCell>
            <TableCell style={{ overflowWrap: 'anywhere' }}>{value}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </MuiTable>
  );
}

function LastOperation({
  operation,
}: {
  operation: NonNullable<ArgoPulseApplicationDetail['operation']>;
}) {
  return (
    <div>
      <Typography variant="subtitle2">Last operation</Typography>
      <Typography variant="body2" component="div">
        <OperationStatus status={operation.phase} />{' '}
        {operation.finishedAt && `finished ${ago(operation.finishedAt)}`}
      </Typography>
      {operation.message && (
        <Typography variant="body2" style={{ overflowWrap: 'anywhere' }}>
          {operation.message}
        </Typography>
      )}
      {(operation.resourceResults ?? []).map(
        (r: ArgoPulseSyncResourceResult) => (
          <Typography
            key={`${r.kind}/${r.namespace}/${r.name}`}
            variant="body2"
            color="textSecondary"
            style={{ overflowWrap: 'anywhere' }}
          >
            {r.kind} {r.name}:{' '}
            {[r.status, r.hookPhase && `hook ${r.hookPhase}`, r.message]
              .filter(Boolean)
              .join(' — ')}
          </Typography>
        ),
      )}
    </div>
  );
}

/** What the detail route answers for one application, laid out: placement, last operation, conditions, resources. */
export function ApplicationDetailView({
  detail,
}: {
  detail: ArgoPulseApplicationDetail;
}) {
  const rows: ResourceRow[] = detail.resources.map(r => ({
    ...r,
    id: `${r.group ?? ''}/${r.kind}/${r.namespace ?? ''}/${r.name}`,
    healthStatus: r.health?.status ?? 'Unknown',
  }));
  return (
    <div style={{ display: 'grid', gap: 16, minWidth: 0 }}>
      <Placement detail={detail} />
      {detail.operation && <LastOperation operation={detail.operation} />}
      {detail.conditions.length > 0 && (
        <div>
          <Typography variant="subtitle2">Conditions</Typography>
          {detail.conditions.map(c => (
            <Typography
              key={`${c.type}${c.message}`}
              variant="body2"
              style={{ overflowWrap: 'anywhere' }}
            >
              {c.type}: {c.message}
            </Typography>
          ))}
        </div>
      )}
      <Table<ResourceRow>
        title={`Resources${
          detail.resourcesTruncated ? ' (the first 500)' : ''
        }`}
        options={{ paging: false, search: true, padding: 'dense' }}
        columns={resourceColumns}
        filters={resourceFilters}
        data={rows}
      />
    </div>
  );
}

/** One application's detail, read when shown. */
export function ApplicationDetail(props: {
  entity: Entity;
  application: ArgoPulseApplicationRef;
  refreshIntervalMs?: number;
}) {
  const { value, loading, error } = useApplicationDetail(
    props.entity,
    props.application,
    props.refreshIntervalMs,
  );
  if (loading) return <Progress />;
  if (error)
    return (
      <LoadError
        error={error}
        what="this application's detail"
        permission={argoPulseApplicationDetailReadPermission}
      />
    );
  return value ? <ApplicationDetailView detail={value} /> : null;
}
