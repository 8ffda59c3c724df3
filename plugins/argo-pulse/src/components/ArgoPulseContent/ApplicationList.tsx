import type { Entity } from '@backstage/catalog-model';
import type {
  ArgoPulseApplicationOverview,
  ArgoPulseApplicationSet,
  ArgoPulseExpectation,
  ArgoPulseInstanceStatus,
} from '@argo-pulse/backstage-plugin-common';
import type { DateTime } from 'luxon';
import { staleSince } from '../applicationState';
import { generatedBy, groupByApplicationSet } from '../applicationSets';
import { ApplicationPanel } from './ApplicationPanel';
import { ApplicationSetGroup } from './ApplicationSetGroup';

/** One application of the tab, with what decides its place and whether it opens. */
export interface ApplicationListRow {
  app: ArgoPulseApplicationOverview;
  expectation?: ArgoPulseExpectation;
  failing: boolean;
}

/**
 * The tab's applications in the order given, those one ApplicationSet
 * generated together under its header (where its first application was);
 * the others one by one, as they are.
 */
export function ApplicationList(props: {
  entity: Entity;
  rows: ApplicationListRow[];
  applicationSets?: ArgoPulseApplicationSet[];
  instances: Map<string, ArgoPulseInstanceStatus>;
  allowDetail: boolean;
  refreshIntervalMs?: number;
  now: DateTime;
}) {
  const panel = (row: ApplicationListRow, grouped: boolean) => {
    const { app } = row;
    return (
      <ApplicationPanel
        key={`${app.instance}/${app.namespace}/${app.name}`}
        entity={props.entity}
        app={app}
        expectation={row.expectation}
        instance={props.instances.get(app.instance)}
        generatedBy={
          grouped ? generatedBy(app, props.applicationSets) : undefined
        }
        allowDetail={props.allowDetail}
        initiallyOpen={row.failing}
        refreshIntervalMs={props.refreshIntervalMs}
        now={props.now}
      />
    );
  };
  return (
    <>
      {groupByApplicationSet(props.rows, props.applicationSets).map(entry =>
        entry.kind === 'application' ? (
          panel(entry.row, false)
        ) : (
          <ApplicationSetGroup
            key={entry.key}
            name={entry.name}
            instance={entry.instance}
            set={entry.set}
            asOf={staleSince(props.instances.get(entry.instance), props.now)}
          >
            {entry.rows.map(row => panel(row, true))}
          </ApplicationSetGroup>
        ),
      )}
    </>
  );
}
