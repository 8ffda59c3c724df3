import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  argoPulseApplicationDetailReadPermission,
  isArgoPulseAvailable,
} from '@argo-pulse/backstage-plugin-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  latestExpectationFor,
  useEntityOverview,
} from '../../hooks/useEntityOverview';
import { useNow } from '../../hooks/useNow';
import { isFailing, staleSince } from '../applicationState';
import { ArgoPulseDeliveryCard } from '../ArgoPulseDeliveryCard';
import { ArgoPulseHistoryCard } from '../ArgoPulseHistoryCard';
import { ArgoPulseVersionsCard } from '../ArgoPulseVersionsCard';
import { MissingArgoCdAnnotation } from '../EntityArgoCdCard';
import { InstanceWarnings } from '../InstanceWarnings';
import { LiveStatus } from '../LiveStatus';
import { RefreshWarning } from '../RefreshWarning';
import { ApplicationList } from './ApplicationList';
import { SummaryStrip } from './SummaryStrip';
import { PluginRoot } from '../PluginRoot';
import { applicationsPlaceholder } from '../applicationsPlaceholder';

/**
 * Options of the Argo Pulse entity tab ({@link EntityArgoPulseContent}).
 *
 * @public
 */
export interface ArgoPulseContentProps {
  /** How often the tab re-reads the backend when the app has no Backstage signals, in milliseconds; 0 turns it off. Default 10 s. */
  refreshIntervalMs?: number;
}

function NoDetailNotice(props: { entityRef: string }) {
  return (
    <InfoCard title="Application detail">
      <Typography variant="body1">
        You can see sync, health and history, but not the resources, conditions
        and operation messages of these applications. That needs the{' '}
        <code>{argoPulseApplicationDetailReadPermission.name}</code> permission
        on {props.entityRef}; the entity's owners or your Backstage admins can
        grant it.
      </Typography>
    </InfoCard>
  );
}

/**
 * The entity's applications, failing ones first and open, healthy ones
 * closed, grouped by the ApplicationSet that generated them; each opens to
 * its detail (read only when opened) for those who may see it.
 */
function Applications(props: { entity: Entity; refreshIntervalMs?: number }) {
  const entityRef = stringifyEntityRef(props.entity);
  const permission = usePermission({
    permission: argoPulseApplicationDetailReadPermission,
    resourceRef: entityRef,
  });
  const live = useEntityOverview(props.entity, props.refreshIntervalMs);
  const { value, refreshError } = live;
  const now = useNow();
  const placeholder = applicationsPlaceholder(live, permission.loading);
  if (placeholder !== undefined || !value) return placeholder ?? null;
  const instances = new Map(value.instances.map(i => [i.instance, i]));
  const rows = value.applications.map(app => {
    const expectation = latestExpectationFor(app, value.expectations);
    const asOf = staleSince(instances.get(app.instance), now);
    return { app, expectation, failing: isFailing(app, expectation, asOf) };
  });
  // Stable: within failing and healthy, the backend's environment order stays;
  // an ApplicationSet's applications then gather where its first one is.
  const ordered = [
    ...rows.filter(r => r.failing),
    ...rows.filter(r => !r.failing),
  ];
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <RefreshWarning error={refreshError} />
        <InstanceWarnings instances={value.instances} />
        <SummaryStrip
          applications={value.applications}
          failing={rows.filter(r => r.failing).length}
        />
      </Grid>
      <Grid item xs={12}>
        <ApplicationList
          entity={props.entity}
          rows={ordered}
          applicationSets={value.applicationSets}
          instances={instances}
          allowDetail={permission.allowed}
          refreshIntervalMs={props.refreshIntervalMs}
          now={now}
        />
        <LiveStatus
          state={live}
          refreshMs={props.refreshIntervalMs}
          now={now}
        />
      </Grid>
      {!permission.allowed && (
        <Grid item xs={12}>
          <NoDetailNotice entityRef={entityRef} />
        </Grid>
      )}
    </Grid>
  );
}

/**
 * The Argo CD tab of an entity: a summary, the applications with failing
 * ones first (each opening to its resources, conditions and last operation
 * for those allowed to see them), the versions per environment, and the
 * deployment history.
 *
 * @public
 */
export function ArgoPulseContent(props: ArgoPulseContentProps) {
  const { entity } = useEntity();
  if (!isArgoPulseAvailable(entity)) {
    return <MissingArgoCdAnnotation />;
  }
  return (
    <PluginRoot>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <Applications
            entity={entity}
            refreshIntervalMs={props.refreshIntervalMs}
          />
        </Grid>
        <Grid item xs={12}>
          <ArgoPulseVersionsCard refreshIntervalMs={props.refreshIntervalMs} />
        </Grid>
        <Grid item xs={12}>
          <ArgoPulseDeliveryCard />
        </Grid>
        <Grid item xs={12}>
          <ArgoPulseHistoryCard refreshIntervalMs={props.refreshIntervalMs} />
        </Grid>
      </Grid>
    </PluginRoot>
  );
}
