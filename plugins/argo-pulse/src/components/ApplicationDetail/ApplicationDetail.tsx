import type { Entity } from '@backstage/catalog-model';
import { InfoCard, Link, Progress, ResponseErrorPanel, StatusError, StatusOK, StatusRunning, Table, TableColumn } from '@backstage/core-components';
import type { ArgoPulseApplicationDetail, ArgoPulseResource, ArgoPulseSyncResourceResult } from '@argo-pulse/backstage-plugin-common';
import Typography from '@material-ui/core/Typography';
import type { ArgoPulseApplicationRef } from '../../api/ArgoPulseApi';
import { useApplicationDetail } from '../../hooks/useApplicationDetail';
import { HealthStatus, SyncStatus } from '../ArgoPulseStatus';
import { ImageList } from '../ImageList';
import { ago } from '../format';

type ResourceRow = ArgoPulseResource & { id: string };

const resourceColumns: TableColumn<ResourceRow>[] = [
  { title: 'Kind', field: 'kind' },
  { title: 'Name', field: 'name' },
  { title: 'Namespace', render: row => row.namespace ?? '—' },
  { title: 'Sync', render: row => (row.syncStatus ? <SyncStatus status={row.syncStatus} /> : '—') },
  { title: 'Health', render: row => (row.health ? <HealthStatus status={row.health.status} message={row.health.message} /> : '—') },
  { title: 'Images', render: row => <ImageList images={row.images} /> },
];

const OPERATION_ICONS: Record<string, typeof StatusOK> = { Succeeded: StatusOK, Failed: StatusError, Error: StatusError };

function LastOperation({ operation }: { operation: NonNullable<ArgoPulseApplicationDetail['operation']> }) {
  const Icon = OPERATION_ICONS[operation.phase] ?? StatusRunning;
  return (
    <>
      <Typography variant="subtitle2">Last operation</Typography>
      <Icon>{operation.phase}</Icon>
      {operation.finishedAt && <Typography variant="body2">finished {ago(operation.finishedAt)}</Typography>}
      {operation.message && <Typography variant="body2">{operation.message}</Typography>}
      {(operation.resourceResults ?? []).map((r: ArgoPulseSyncResourceResult) => (
        <Typography key={`${r.kind}/${r.namespace}/${r.name}`} variant="body2" color="textSecondary">
          {r.kind} {r.name}: {[r.status, r.hookPhase && `hook ${r.hookPhase}`, r.message].filter(Boolean).join(' — ')}
        </Typography>
      ))}
    </>
  );
}

/** What the detail route answers for one application, laid out. */
export function ApplicationDetailView({ detail }: { detail: ArgoPulseApplicationDetail }) {
  const rows = detail.resources.map(r => ({ ...r, id: `${r.group ?? ''}/${r.kind}/${r.namespace ?? ''}/${r.name}` }));
  return (
    <>
      <Typography variant="body2">
        Destination: {detail.destination.name ?? detail.destination.server ?? '—'}
        {detail.destination.namespace ? ` / ${detail.destination.namespace}` : ''}
      </Typography>
      {detail.sources.map(source => (
        <Typography key={`${source.repoURL}${source.path ?? source.chart ?? ''}`} variant="body2">
          Source: {source.repoURL} {source.path ?? source.chart ?? ''} @ {source.targetRevision ?? 'HEAD'}
        </Typography>
      ))}
      {detail.operation && <LastOperation operation={detail.operation} />}
      {detail.conditions.length > 0 && (
        <>
          <Typography variant="subtitle2">Conditions</Typography>
          {detail.conditions.map(c => (
            <Typography key={`${c.type}${c.message}`} variant="body2">
              {c.type}: {c.message}
            </Typography>
          ))}
        </>
      )}
      <Table<ResourceRow>
        title={`Resources${detail.resourcesTruncated ? ' (the first 500)' : ''}`}
        options={{ paging: false, search: false, padding: 'dense' }}
        columns={resourceColumns}
        data={rows}
      />
    </>
  );
}

/** One application's detail, on a card titled with its name and a link to Argo CD. */
export function ApplicationDetail(props: { entity: Entity; application: ArgoPulseApplicationRef & { argoCdUrl?: string }; refreshIntervalMs?: number }) {
  const { value, loading, error } = useApplicationDetail(props.entity, props.application, props.refreshIntervalMs);
  const { application } = props;
  return (
    <InfoCard
      title={`${application.name} (${application.instance})`}
      subheader={application.argoCdUrl ? <Link to={application.argoCdUrl}>Open in Argo CD</Link> : undefined}
    >
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && <ApplicationDetailView detail={value} />}
    </InfoCard>
  );
}
