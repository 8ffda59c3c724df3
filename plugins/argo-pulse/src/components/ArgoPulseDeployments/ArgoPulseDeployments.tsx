import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { EmptyState, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { ArgoPulseFeedItem } from '@argo-pulse/backstage-plugin-common';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { argoPulseApiRef } from '../../api/ArgoPulseApi';
import { useLivePortalData } from '../../hooks/useLiveEntityData';
import { useNow } from '../../hooks/useNow';
import { DeploymentRow } from '../ArgoPulseHistoryCard/DeploymentRow';
import { LiveStatus } from '../LiveStatus';
import { useMutedTextStyles } from '../mutedText';
import { RefreshWarning } from '../RefreshWarning';
import { DeploymentFilters } from './DeploymentFilters';
import { ExpectationRow } from './ExpectationRow';
import { RolloutMatrix } from './RolloutMatrix';
import {
  DeploymentFilterState,
  filtersFromSearch,
  queryFromFilters,
  searchFromFilters,
  versionsQueryFromFilters,
} from './deploymentFilters';
import { LoadError } from '../LoadError';
import { ToolPage } from '../ToolPage';

/** Entities in the versions matrix of a team or a system. */
const MATRIX_ENTITIES = 50;

const EMPTY_TITLES: Record<DeploymentFilterState['type'], string> = {
  '': 'No deployments or expectations',
  deployment: 'No deployments',
  expectation: 'No expectations',
};

/** A row's identity: an application's deployment ids are its own (two applications can deploy alike), expectation ids are global. */
function feedItemKey(item: ArgoPulseFeedItem): string {
  if (item.type === 'expectation')
    return `${item.entityRef}/expectation/${item.expectation.id}`;
  const d = item.deployment;
  return `${item.entityRef}/deployment/${d.instance}/${d.namespace}/${d.application}/${d.id}`;
}

const useStyles = makeStyles(theme => ({
  list: {
    backgroundColor: theme.palette.background.paper,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  entity: { padding: theme.spacing(1, 1.5, 0), overflowWrap: 'anywhere' },
  item: { '& + &': { borderTop: `1px solid ${theme.palette.divider}` } },
  matrix: { display: 'block', marginBottom: theme.spacing(2) },
  pager: {
    display: 'flex',
    justifyContent: 'flex-end',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginTop: theme.spacing(1),
  },
}));

/**
 * Options of the deployments page ({@link ArgoPulseDeploymentsPage}).
 *
 * @public
 */
export interface ArgoPulseDeploymentsProps {
  /** Rows per page. Default 25. */
  pageSize?: number;
  /** How often to re-read, in milliseconds; 0 never. Default 10 s. */
  refreshIntervalMs?: number;
}

/**
 * Every deployment across the catalog that the user may read, and every
 * expectation CI posted for those entities, newest first, each under its
 * entity: successful syncs and failed operations with when, images,
 * revision and who; expectations with their verdict and CI run. Filters
 * (owner or "owned by me", entity, kind, system, instance, outcome, rows,
 * time) live in the URL, so a view can be shared; the backend filters and
 * pages.
 */
export function ArgoPulseDeployments(props: ArgoPulseDeploymentsProps) {
  const pageSize = props.pageSize ?? 25;
  const api = useApi(argoPulseApiRef);
  const classes = useStyles();
  const muted = useMutedTextStyles();
  const now = useNow();
  const [search, setSearch] = useSearchParams();
  const state = filtersFromSearch(search);
  const key = searchFromFilters(state).toString();
  // The time window starts when the filters are chosen, not on every tick.
  const query = useMemo(
    () => queryFromFilters(state, pageSize, Date.now()),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, pageSize],
  );
  // The matrix depends on the entity filters only: paging the list does not re-read it.
  const versionsKey = JSON.stringify(
    versionsQueryFromFilters(state, MATRIX_ENTITIES) ?? null,
  );
  const versionsQuery = useMemo(
    () => versionsQueryFromFilters(state, MATRIX_ENTITIES),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [versionsKey],
  );
  const live = useLivePortalData({
    load: () => api.getDeployments(query),
    deps: [api, query],
    refreshMs: props.refreshIntervalMs,
  });
  const { value, loading, error, refreshError } = live;
  const show = (next: DeploymentFilterState) =>
    setSearch(searchFromFilters(next));
  return (
    <>
      <DeploymentFilters state={state} onChange={show} />
      {versionsQuery ? (
        <div className={classes.matrix}>
          <RolloutMatrix
            query={versionsQuery}
            refreshIntervalMs={props.refreshIntervalMs}
            now={now}
          />
        </div>
      ) : (
        <Typography
          variant="body2"
          className={`${classes.matrix} ${muted.muted}`}
        >
          Choose an owner (or Owned by me) or a system to see its services'
          versions per environment.
        </Typography>
      )}
      <RefreshWarning error={refreshError} />
      {loading && <Progress />}
      {error && <LoadError error={error} what="these deployments" />}
      {value && value.items.length === 0 && (
        <EmptyState
          missing="data"
          title={EMPTY_TITLES[state.type]}
          description="None that you may see matches these filters. Argo Pulse lists the deployments of catalog entities with Argo CD annotations, and the expectations CI posts for them."
        />
      )}
      {value && value.items.length > 0 && (
        <div
          className={classes.list}
          data-testid="argo-pulse-portal-deployments"
        >
          {value.items.map(item => (
            <div key={feedItemKey(item)} className={classes.item}>
              <Typography variant="body2" className={classes.entity}>
                <EntityRefLink entityRef={item.entityRef} />
              </Typography>
              {item.type === 'deployment' ? (
                <DeploymentRow deployment={item.deployment} now={now} />
              ) : (
                <ExpectationRow expectation={item.expectation} now={now} />
              )}
            </div>
          ))}
        </div>
      )}
      {value && (
        <div className={classes.pager}>
          <Typography variant="body2" className={muted.muted}>
            Page {state.page + 1}
          </Typography>
          <Button
            size="small"
            disabled={state.page === 0}
            onClick={() => show({ ...state, page: state.page - 1 })}
          >
            Newer
          </Button>
          <Button
            size="small"
            disabled={value.nextOffset === undefined}
            onClick={() => show({ ...state, page: state.page + 1 })}
          >
            Older
          </Button>
        </div>
      )}
      <LiveStatus state={live} refreshMs={props.refreshIntervalMs} now={now} />
    </>
  );
}

/**
 * The deployments across the catalog as a page of its own, for apps on the
 * legacy frontend system (route it at `/argo-pulse`).
 *
 * @public
 */
export function ArgoPulseDeploymentsPage(props: ArgoPulseDeploymentsProps) {
  return (
    <ToolPage
      title="Deployments"
      subtitle="Every deployment and expected version across the catalog, newest first"
    >
      <ArgoPulseDeployments {...props} />
    </ToolPage>
  );
}
