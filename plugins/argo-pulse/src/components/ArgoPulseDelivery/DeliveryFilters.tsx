import {
  FilterBar,
  OwnerFilters,
  SelectFilter,
  TextFilter,
} from '../FilterFields';
import { DeliveryFilterState, WINDOW_OPTIONS } from './deliveryFilters';

/** The Delivery tab's filters: whose services ("owned by me", an owner, a system) and how far back. */
export function DeliveryFilters(props: {
  state: DeliveryFilterState;
  onChange: (next: DeliveryFilterState) => void;
}) {
  const change = (next: Partial<DeliveryFilterState>) =>
    props.onChange({ ...props.state, ...next });
  return (
    <FilterBar testId="argo-pulse-delivery-filters">
      <OwnerFilters
        mine={props.state.mine}
        owner={props.state.owner}
        onChange={change}
      />
      <TextFilter
        label="System"
        value={props.state.system}
        placeholder="system:default/payments"
        onApply={system => change({ system })}
      />
      <SelectFilter
        label="Window"
        value={props.state.window}
        options={WINDOW_OPTIONS}
        onChange={window => change({ window })}
      />
    </FilterBar>
  );
}
