import type { Entity } from '@backstage/catalog-model';
import { argoPulseApplicationDetailReadPermission } from '@argo-pulse/backstage-plugin-common';
import { Progress } from '@backstage/core-components';
import type {
  ArgoPulseApplicationDetail,
  ArgoPulseSyncResourceResult,
} from '@argo-pulse/backstage-plugin-common';
import Typography from '@material-ui/core/Typography';
import type { ArgoPulseApplicationRef } from '../../api/ArgoPulseApi';
import { useApplicationDetail } from '../../hooks/useApplicationDetail';
import { OperationStatus } from '../ArgoPulseStatus';
import { ago } from '../format';
import { LoadError } from '../LoadError';
import { LabelledTable } from './LabelledTable';
import { ProgressiveDelivery } from './ProgressiveDelivery';
import { ResourceTable } from './ResourceTable';
import { SectionTitle } from './SectionTitle';

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
    <LabelledTable aria-label="Where it deploys from and to" rows={rows} />
  );
}

function LastOperation({
  operation,
  showMessage,
}: {
  operation: NonNullable<ArgoPulseApplicationDetail['operation']>;
  showMessage: boolean;
}) {
  return (
    <div>
      <SectionTitle>Last operation</SectionTitle>
      <Typography variant="body2" component="div">
        <OperationStatus status={operation.phase} />{' '}
        {operation.finishedAt && `finished ${ago(operation.finishedAt)}`}
      </Typography>
      {showMessage && operation.message && (
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

/**
 * What the detail route answers for one application, laid out: placement,
 * progressive delivery (Argo Rollouts), last operation, conditions,
 * resources. `shownAbove`: Argo CD's (and Argo Rollouts') messages the
 * application's row already shows; each message is shown once.
 */
export function ApplicationDetailView({
  detail,
  shownAbove = [],
}: {
  detail: ArgoPulseApplicationDetail;
  shownAbove?: string[];
}) {
  const operationMessage = detail.operation?.message;
  const quoted = [
    ...shownAbove,
    ...(operationMessage ? [operationMessage] : []),
  ];
  // A condition that only repeats a message shown already (Argo CD's SyncError quotes the operation's) is left out.
  const conditions = detail.conditions.filter(
    c => !c.message || !quoted.some(text => c.message?.includes(text)),
  );
  return (
    <div style={{ display: 'grid', gap: 16, minWidth: 0 }}>
      <Placement detail={detail} />
      {detail.rollouts?.length ? (
        <ProgressiveDelivery
          rollouts={detail.rollouts}
          shownAbove={shownAbove}
        />
      ) : null}
      {detail.operation && (
        <LastOperation
          operation={detail.operation}
          showMessage={!shownAbove.includes(operationMessage ?? '')}
        />
      )}
      {conditions.length > 0 && (
        <div>
          <SectionTitle>Conditions</SectionTitle>
          {conditions.map(c => (
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
      <ResourceTable
        resources={detail.resources}
        truncated={detail.resourcesTruncated}
      />
    </div>
  );
}

/** One application's detail, read when shown. */
export function ApplicationDetail(props: {
  entity: Entity;
  application: ArgoPulseApplicationRef;
  refreshIntervalMs?: number;
  shownAbove?: string[];
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
  return value ? (
    <ApplicationDetailView detail={value} shownAbove={props.shownAbove} />
  ) : null;
}
