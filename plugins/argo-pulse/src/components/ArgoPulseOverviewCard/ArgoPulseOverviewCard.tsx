import type { Entity } from '@backstage/catalog-model';
import {
  latestExpectationFor,
  useEntityOverview,
} from '../../hooks/useEntityOverview';
import { useNow } from '../../hooks/useNow';
import { EntityArgoCdCard } from '../EntityArgoCdCard';
import { InstanceWarnings } from '../InstanceWarnings';
import { LiveStatus } from '../LiveStatus';
import { RefreshWarning } from '../RefreshWarning';
import { ApplicationRow } from '../ApplicationRow';
import { applicationsPlaceholder } from '../applicationsPlaceholder';
import { ApplicationActions } from '../ApplicationActions';
import { generatedBy } from '../applicationSets';

/**
 * Options of the Argo Pulse overview card ({@link EntityArgoPulseOverviewCard}).
 *
 * @public
 */
export interface ArgoPulseOverviewCardProps {
  /** The card's title. Default `Argo CD`. */
  title?: string;
  /**
   * How often the card re-reads the backend when the app has no Backstage
   * signals (with them it follows each change as it is stored), in
   * milliseconds; 0 turns it off. Default 10 s.
   */
  refreshIntervalMs?: number;
}

function OverviewContent(props: {
  entity: Entity;
  refreshIntervalMs?: number;
}) {
  const live = useEntityOverview(props.entity, props.refreshIntervalMs);
  const { value, refreshError } = live;
  const now = useNow();
  const placeholder = applicationsPlaceholder(live);
  if (placeholder !== undefined || !value) return placeholder ?? null;
  const instances = new Map(value.instances.map(i => [i.instance, i]));
  return (
    <>
      <RefreshWarning error={refreshError} />
      <InstanceWarnings instances={value.instances} />
      <div data-testid="argo-pulse-overview">
        {value.applications.map(app => (
          <ApplicationRow
            key={`${app.instance}/${app.namespace}/${app.name}`}
            app={app}
            expectation={latestExpectationFor(app, value.expectations)}
            instance={instances.get(app.instance)}
            now={now}
            generatedBy={generatedBy(app, value.applicationSets)}
            actions={
              <ApplicationActions entity={props.entity} app={app} compact />
            }
          />
        ))}
      </div>
      <LiveStatus state={live} refreshMs={props.refreshIntervalMs} now={now} />
    </>
  );
}

/**
 * Sync and health of each of the entity's Argo CD applications in
 * environment order, what runs, where the latest expected version stands,
 * failed operations and why an application is unhealthy, and the
 * ApplicationSet that generated it with its rolling sync step; live. Those
 * allowed can refresh and sync each application from its "Actions" menu.
 *
 * @public
 */
export function ArgoPulseOverviewCard(props: ArgoPulseOverviewCardProps) {
  return (
    <EntityArgoCdCard title={props.title ?? 'Argo CD'}>
      {entity => (
        <OverviewContent
          entity={entity}
          refreshIntervalMs={props.refreshIntervalMs}
        />
      )}
    </EntityArgoCdCard>
  );
}
