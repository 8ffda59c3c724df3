import type { InsightsQuery } from '../../api/ArgoPulseApi';
import { list } from '../ArgoPulseDeployments/deploymentFilters';

/** The Delivery tab's filters, kept in the URL so a team's view can be shared. */
export interface DeliveryFilterState {
  mine: boolean;
  owner: string;
  system: string;
  window: '7d' | '30d' | '90d';
}

export const WINDOW_OPTIONS: Array<[DeliveryFilterState['window'], string]> = [
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
  ['90d', 'Last 90 days'],
];

/** The state from the URL's search parameters; what is missing or unknown is unset (30 days). */
export function deliveryFiltersFromSearch(
  search: URLSearchParams,
): DeliveryFilterState {
  const window = search.get('window');
  return {
    mine: search.get('mine') === 'true',
    owner: search.get('owner') ?? '',
    system: search.get('system') ?? '',
    window: window === '7d' || window === '90d' ? window : '30d',
  };
}

/** The URL's search parameters: only what is set. */
export function searchFromDeliveryFilters(
  state: DeliveryFilterState,
): URLSearchParams {
  const search = new URLSearchParams();
  if (state.mine) search.set('mine', 'true');
  if (state.owner) search.set('owner', state.owner);
  if (state.system) search.set('system', state.system);
  if (state.window !== '30d') search.set('window', state.window);
  return search;
}

/** The backend query: owners ("owned by me" as `me`), systems, the window. */
export function insightsQueryFromFilters(
  state: DeliveryFilterState,
): InsightsQuery {
  const owner = [...(state.mine ? ['me'] : []), ...list(state.owner)];
  const system = list(state.system);
  return {
    ...(owner.length ? { owner } : {}),
    ...(system.length ? { system } : {}),
    window: state.window,
  };
}
