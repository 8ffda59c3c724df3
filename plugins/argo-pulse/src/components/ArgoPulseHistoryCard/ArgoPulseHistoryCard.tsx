import type { Entity } from '@backstage/catalog-model';
import { EmptyState, Progress } from '@backstage/core-components';
import TablePagination from '@material-ui/core/TablePagination';
import { useState } from 'react';
import { expectationFor, useEntityHistory } from '../../hooks/useEntityHistory';
import { useNow } from '../../hooks/useNow';
import { EntityArgoCdCard } from '../EntityArgoCdCard';
import { LiveStatus } from '../LiveStatus';
import { RefreshWarning } from '../RefreshWarning';
import { rollbackExplanations } from '../ApplicationActions';
import { DeploymentRow } from './DeploymentRow';
import { LoadError } from '../LoadError';

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
  /** How often the card re-reads the backend when the app has no Backstage signals, in milliseconds; 0 turns it off. Default 10 s. */
  refreshIntervalMs?: number;
}

function HistoryContent(props: {
  entity: Entity;
  pageSize: number;
  refreshIntervalMs?: number;
}) {
  const [page, setPage] = useState(0);
  const live = useEntityHistory(
    props.entity,
    { limit: props.pageSize, offset: page * props.pageSize },
    props.refreshIntervalMs,
  );
  const { value, loading, error, refreshError } = live;
  const now = useNow();
  if (loading) return <Progress />;
  if (error)
    return <LoadError error={error} what="this service's deployment history" />;
  if (!value) return null;
  if (value.total === 0) {
    return (
      <EmptyState
        missing="data"
        title="No deployments yet"
        description={
          value.problem ??
          "Argo Pulse records each deployment of the entity's applications as it sees it."
        }
      />
    );
  }
  const explained = rollbackExplanations(value.items);
  return (
    <>
      <RefreshWarning error={refreshError} />
      <div data-testid="argo-pulse-history">
        {value.items.map((d, index) => (
          <DeploymentRow
            key={`${d.instance}/${d.namespace}/${d.application}/${d.id}`}
            deployment={d}
            expectation={expectationFor(d, value.expectations)}
            now={now}
            rollbackEntity={props.entity}
            explainRollback={explained.has(index)}
          />
        ))}
      </div>
      <TablePagination
        component="div"
        count={value.total}
        page={page}
        rowsPerPage={props.pageSize}
        rowsPerPageOptions={[props.pageSize]}
        onPageChange={(_event, next) => setPage(next)}
      />
      <LiveStatus state={live} refreshMs={props.refreshIntervalMs} now={now} />
    </>
  );
}

/**
 * The entity's deployments, newest first, kept beyond Argo CD's own ten:
 * successful syncs and failed operations, when and how long, images,
 * revision, the commit and the CI run; live. Those allowed can roll an
 * application back to an earlier deployment from its row.
 *
 * @public
 */
export function ArgoPulseHistoryCard(props: ArgoPulseHistoryCardProps) {
  return (
    <EntityArgoCdCard title={props.title ?? 'Deployment history'}>
      {entity => (
        <HistoryContent
          entity={entity}
          pageSize={props.pageSize ?? 10}
          refreshIntervalMs={props.refreshIntervalMs}
        />
      )}
    </EntityArgoCdCard>
  );
}
