import { getCompoundEntityRef } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import Typography from '@material-ui/core/Typography';
import { argoPulseApiRef } from '../../api/ArgoPulseApi';
import { useLiveEntityData } from '../../hooks/useLiveEntityData';
import { EntityArgoCdCard } from '../EntityArgoCdCard';
import { WeeklyDeploymentsChart, WeeklyFiguresTable } from '../DeliveryCharts';
import { LoadError } from '../LoadError';
import { DeliveryFigures } from './DeliveryFigures';

/**
 * Options of the delivery card ({@link EntityArgoPulseDeliveryCard}).
 *
 * @public
 */
export interface ArgoPulseDeliveryCardProps {
  /** The card's title; default "Delivery". */
  title?: string;
  /** How many days back: 7, 30 (default) or 90. */
  days?: 7 | 30 | 90;
}

function Delivery(props: { entity: Entity; days: 7 | 30 | 90 }) {
  const api = useApi(argoPulseApiRef);
  const ref = getCompoundEntityRef(props.entity);
  const { value, loading, error } = useLiveEntityData({
    entity: props.entity,
    load: () => api.getEntityInsights(ref, { window: `${props.days}d` }),
    deps: [api, ref.kind, ref.namespace, ref.name, props.days],
  });
  if (loading) return <Progress />;
  if (error)
    return <LoadError error={error} what="this service's delivery figures" />;
  if (!value) return null;
  if (value.production.deployments + value.production.failedSyncs === 0)
    return (
      <Typography variant="body2" style={{ padding: 16 }}>
        No deployment to {value.productionEnvironments.join(', ')} in the last{' '}
        {value.window.days} days.
      </Typography>
    );
  return (
    <>
      <Typography
        variant="body2"
        color="textSecondary"
        style={{ padding: '12px 16px 0' }}
      >
        {value.productionEnvironments.join(', ')}, last {value.window.days}{' '}
        days. Bands as in DORA's State of DevOps Report 2023.
      </Typography>
      <DeliveryFigures figures={value.production} />
      <div style={{ padding: '0 16px 16px' }}>
        <WeeklyDeploymentsChart
          weeks={value.weeks}
          height={140}
          caption="Production deployments per week"
        />
        <details>
          <summary>
            <Typography variant="body2" component="span">
              The weeks as text
            </Typography>
          </summary>
          <WeeklyFiguresTable weeks={value.weeks} />
        </details>
      </div>
    </>
  );
}

/**
 * How the entity delivers to production: DORA's four keys (deployment
 * frequency, lead time for changes, change failure rate, time to restore)
 * from Argo Pulse's deployment history, each with its band.
 *
 * @public
 */
export function ArgoPulseDeliveryCard(props: ArgoPulseDeliveryCardProps) {
  return (
    <EntityArgoCdCard title={props.title ?? 'Delivery'}>
      {entity => <Delivery entity={entity} days={props.days ?? 30} />}
    </EntityArgoCdCard>
  );
}
