import type { ArgoPulseInsightsResponse } from '@argo-pulse/backstage-plugin-common';
import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { argoPulseApiRef } from '../../api/ArgoPulseApi';
import { useLivePortalData } from '../../hooks/useLiveEntityData';
import { useNow } from '../../hooks/useNow';
import { DeliveryFigures } from '../ArgoPulseDeliveryCard/DeliveryFigures';
import { WeeklyCharts, WeeklyFiguresTable } from '../DeliveryCharts';
import { LiveStatus } from '../LiveStatus';
import { LoadError } from '../LoadError';
import { useMutedTextStyles } from '../mutedText';
import { RefreshWarning } from '../RefreshWarning';
import { ToolPage } from '../ToolPage';
import { DeliveryFilters } from './DeliveryFilters';
import {
  deliveryFiltersFromSearch,
  insightsQueryFromFilters,
  searchFromDeliveryFilters,
} from './deliveryFilters';
import { EntityDeliveryTable } from './EntityDeliveryTable';
import { EnvironmentsTable } from './EnvironmentsTable';

const useStyles = makeStyles(theme => ({
  sections: { display: 'grid', gap: theme.spacing(2), minWidth: 0 },
  weeks: { display: 'grid', gap: theme.spacing(3) },
}));

/**
 * Options of the Delivery tab ({@link ArgoPulseDeliveryPage}).
 *
 * @public
 */
export interface ArgoPulseDeliveryProps {
  /** How often to re-read without Backstage's signals, in milliseconds; 0 never. Default 10 s. */
  refreshIntervalMs?: number;
}

/** What the figures are of: the production environments, the window, how many entities. */
function Scope(props: { value: ArgoPulseInsightsResponse }) {
  const muted = useMutedTextStyles();
  const { value } = props;
  const entities = value.entityRefs.length;
  return (
    <Typography variant="body2" className={muted.muted}>
      {entities} {entities === 1 ? 'entity' : 'entities'}; production is{' '}
      {value.productionEnvironments.join(', ') || 'not configured'}; the last{' '}
      {value.window.days} days. Bands as in DORA's State of DevOps Report 2023.
    </Typography>
  );
}

function Figures(props: { value: ArgoPulseInsightsResponse }) {
  const classes = useStyles();
  const { value } = props;
  return (
    <div className={classes.sections}>
      <Scope value={value} />
      <InfoCard title="Production">
        <DeliveryFigures figures={value.production} />
      </InfoCard>
      <InfoCard title="Week by week (production)">
        <div className={classes.weeks}>
          <WeeklyCharts weeks={value.weeks} />
          <WeeklyFiguresTable weeks={value.weeks} />
        </div>
      </InfoCard>
      {value.environments.length > 0 && (
        <InfoCard title="Per environment">
          <EnvironmentsTable environments={value.environments} />
        </InfoCard>
      )}
      <InfoCard title="Per entity (production)">
        <EntityDeliveryTable
          entities={value.entities}
          environments={value.environments.map(e => e.environment)}
        />
      </InfoCard>
    </div>
  );
}

/**
 * How the services deliver: DORA's four keys for the production
 * environments (deployment frequency, lead time for changes, change failure
 * rate, time to restore), week by week as charts and as text, per
 * environment and per entity (sortable), for a team ("owned by me", an
 * owner) or a system, over 7, 30 or 90 days. Only entities the user may read
 * count. The filters live in the URL.
 */
export function ArgoPulseDelivery(props: ArgoPulseDeliveryProps) {
  const api = useApi(argoPulseApiRef);
  const now = useNow();
  const [search, setSearch] = useSearchParams();
  const state = deliveryFiltersFromSearch(search);
  const key = searchFromDeliveryFilters(state).toString();
  const query = useMemo(
    () => insightsQueryFromFilters(state),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );
  const live = useLivePortalData({
    load: () => api.getInsights(query),
    deps: [api, query],
    refreshMs: props.refreshIntervalMs,
  });
  const { value, loading, error, refreshError } = live;
  return (
    <>
      <DeliveryFilters
        state={state}
        onChange={next => setSearch(searchFromDeliveryFilters(next))}
      />
      <RefreshWarning error={refreshError} />
      {loading && <Progress />}
      {error && <LoadError error={error} what="these delivery figures" />}
      {value && value.entityRefs.length === 0 && (
        <EmptyState
          missing="data"
          title="No services"
          description="None that you may see matches these filters. Argo Pulse counts the deployments of catalog entities with Argo CD annotations."
        />
      )}
      {value && value.entityRefs.length > 0 && <Figures value={value} />}
      <LiveStatus state={live} refreshMs={props.refreshIntervalMs} now={now} />
    </>
  );
}

/**
 * The Delivery tab as a page of its own, for apps on the legacy frontend
 * system (route it at `/argo-pulse/delivery`).
 *
 * @public
 */
export function ArgoPulseDeliveryPage(props: ArgoPulseDeliveryProps) {
  return (
    <ToolPage
      title="Delivery"
      subtitle="How your services deliver: DORA's four keys from Argo CD's deployments"
    >
      <ArgoPulseDelivery {...props} />
    </ToolPage>
  );
}
