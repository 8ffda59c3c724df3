import {
  FilterBar,
  OwnerFilters,
  SelectFilter,
  TextFilter,
} from '../FilterFields';
import {
  DeploymentFilterState,
  OUTCOME_OPTIONS,
  RESULT_OPTIONS,
  SINCE_OPTIONS,
  TYPE_OPTIONS,
} from './deploymentFilters';

/** The filters of the deployments page; every change goes back to the first page. */
export function DeploymentFilters(props: {
  state: DeploymentFilterState;
  onChange: (next: DeploymentFilterState) => void;
}) {
  const change = (next: Partial<DeploymentFilterState>) =>
    props.onChange({ ...props.state, ...next, page: 0 });
  return (
    <FilterBar testId="argo-pulse-deployment-filters">
      <OwnerFilters
        mine={props.state.mine}
        owner={props.state.owner}
        onChange={change}
      />
      <TextFilter
        label="Entity"
        value={props.state.entity}
        placeholder="component:default/payments-api"
        onApply={entity => change({ entity })}
      />
      <SelectFilter
        label="Kind"
        value={props.state.kind}
        options={[
          ['', 'Any kind'],
          ['component', 'Component'],
          ['resource', 'Resource'],
          ['system', 'System'],
          ['api', 'API'],
        ]}
        onChange={kind => change({ kind })}
      />
      <TextFilter
        label="System"
        value={props.state.system}
        placeholder="system:default/payments"
        onApply={system => change({ system })}
      />
      <TextFilter
        label="Instance"
        value={props.state.instance}
        placeholder="prod"
        onApply={instance => change({ instance })}
      />
      <SelectFilter
        label="Outcome"
        value={props.state.outcome}
        options={OUTCOME_OPTIONS}
        onChange={outcome => change({ outcome })}
      />
      <SelectFilter
        label="Result"
        value={props.state.result}
        options={RESULT_OPTIONS}
        onChange={result => change({ result })}
      />
      <SelectFilter
        label="Rows"
        value={props.state.type}
        options={TYPE_OPTIONS}
        onChange={type => change({ type })}
      />
      <SelectFilter
        label="When"
        value={props.state.since}
        options={SINCE_OPTIONS}
        onChange={since => change({ since })}
      />
    </FilterBar>
  );
}
