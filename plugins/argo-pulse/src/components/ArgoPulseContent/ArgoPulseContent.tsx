import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import { argoPulseApplicationDetailReadPermission } from '@argo-pulse/backstage-plugin-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useEntityOverview } from '../../hooks/useEntityOverview';
import { isArgoPulseAvailable } from '../../isArgoPulseAvailable';
import { ApplicationDetail } from '../ApplicationDetail';
import { ArgoPulseHistoryCard } from '../ArgoPulseHistoryCard';
import { ArgoPulseOverviewCard } from '../ArgoPulseOverviewCard';
import { MissingArgoCdAnnotation } from '../EntityArgoCdCard';

/**
 * Options of the Argo Pulse entity tab ({@link EntityArgoPulseContent}).
 *
 * @public
 */
export interface ArgoPulseContentProps {
  /** How often the tab re-reads the backend, in milliseconds; 0 turns it off. Default 10 s. */
  refreshIntervalMs?: number;
}

/** The detail of each application, or a notice for users who may not see it. */
function ApplicationDetails(props: { entity: Entity; refreshIntervalMs?: number }) {
  const entityRef = stringifyEntityRef(props.entity);
  const permission = usePermission({ permission: argoPulseApplicationDetailReadPermission, resourceRef: entityRef });
  if (permission.loading) return <Progress />;
  if (!permission.allowed) {
    return (
      <InfoCard title="Application detail">
        <Typography variant="body1">
          You can see sync, health and history, but not the resources, conditions and operation messages of these applications. That needs the{' '}
          <code>{argoPulseApplicationDetailReadPermission.name}</code> permission on {entityRef}; the entity's owners or your Backstage admins can grant it.
        </Typography>
      </InfoCard>
    );
  }
  return <ApplicationDetailList entity={props.entity} refreshIntervalMs={props.refreshIntervalMs} />;
}

/** A detail card for each of the entity's applications. */
function ApplicationDetailList(props: { entity: Entity; refreshIntervalMs?: number }) {
  const overview = useEntityOverview(props.entity, props.refreshIntervalMs);
  const applications = overview.value?.applications ?? [];
  return (
    <Grid container spacing={3}>
      {applications.map(app => (
        <Grid item xs={12} key={`${app.instance}/${app.namespace}/${app.name}`}>
          <ApplicationDetail entity={props.entity} application={app} refreshIntervalMs={props.refreshIntervalMs} />
        </Grid>
      ))}
    </Grid>
  );
}

/**
 * The Argo CD tab of an entity: overview, deployment history, and the
 * detail of each application for those allowed to see it.
 *
 * @public
 */
export function ArgoPulseContent(props: ArgoPulseContentProps) {
  const { entity } = useEntity();
  if (!isArgoPulseAvailable(entity)) {
    return <MissingArgoCdAnnotation />;
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <ArgoPulseOverviewCard refreshIntervalMs={props.refreshIntervalMs} />
      </Grid>
      <Grid item xs={12}>
        <ArgoPulseHistoryCard refreshIntervalMs={props.refreshIntervalMs} />
      </Grid>
      <Grid item xs={12}>
        <ApplicationDetails entity={entity} refreshIntervalMs={props.refreshIntervalMs} />
      </Grid>
    </Grid>
  );
}
