import type { Entity } from '@backstage/catalog-model';
import { EmptyState, Progress } from '@backstage/core-components';
import { useVersionMatrix } from '../../hooks/useVersionMatrix';
import { useNow } from '../../hooks/useNow';
import { EntityArgoCdCard } from '../EntityArgoCdCard';
import { LiveStatus } from '../LiveStatus';
import { RefreshWarning } from '../RefreshWarning';
import { VersionMatrix } from './VersionMatrix';
import { LoadError } from '../LoadError';

/**
 * Options of the Argo Pulse version matrix card ({@link EntityArgoPulseVersionsCard}).
 *
 * @public
 */
export interface ArgoPulseVersionsCardProps {
  /** The card's title. Default `Versions per environment`. */
  title?: string;
  /** How often the card re-reads the backend when the app has no Backstage signals, in milliseconds; 0 turns it off. Default 10 s. */
  refreshIntervalMs?: number;
}

/** The matrix of an entity, with its states: progress, error, nothing running yet. */
function VersionsContent(props: {
  entity: Entity;
  refreshIntervalMs?: number;
}) {
  const live = useVersionMatrix(props.entity, props.refreshIntervalMs);
  const now = useNow();
  const { value, loading, error, refreshError } = live;
  if (loading) return <Progress />;
  if (error) return <LoadError error={error} what="this service's versions" />;
  if (!value) return null;
  if (value.rows.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No images running yet"
        description={
          value.problem ??
          "Once Argo Pulse has read the entity's applications, their images show here, one column per environment."
        }
      />
    );
  }
  return (
    <>
      <RefreshWarning error={refreshError} />
      <VersionMatrix matrix={value} now={now} />
      <LiveStatus state={live} refreshMs={props.refreshIntervalMs} now={now} />
    </>
  );
}

/**
 * Which version of each of the entity's images runs in each environment
 * (dev → staging → prod, from `argoPulse.environments`, else one column per
 * instance), since when, and where an environment drifted: a version the
 * one before it never ran, or how many deployments behind it is.
 *
 * @public
 */
export function ArgoPulseVersionsCard(props: ArgoPulseVersionsCardProps) {
  return (
    <EntityArgoCdCard title={props.title ?? 'Versions per environment'}>
      {entity => (
        <VersionsContent
          entity={entity}
          refreshIntervalMs={props.refreshIntervalMs}
        />
      )}
    </EntityArgoCdCard>
  );
}
